using JaasPipeline.Data;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Transcription;

/// <summary>
/// Refuses to start on SQLite without FTS5 (one line, exit code 2, before any migration): the search needs it and the
/// migration that creates the full-text table would fail with a less helpful message. The bundled SQLite has it; a
/// system SQLite swapped in (SQLitePCLRaw provider) may not.
/// </summary>
public sealed class SqliteFullTextValidator(string name, string sectionPath, Func<bool> sqliteHasFullText) : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? optionsName, DatabaseOptions options) =>
        optionsName != name || options.Provider != DatabaseProvider.Sqlite || sqliteHasFullText()
            ? ValidateOptionsResult.Skip
            : ValidateOptionsResult.Fail(
                $"{sectionPath}:Provider is Sqlite, but the SQLite library this host loaded has no FTS5 (full-text search), which the "
                + "transcript search needs: use the SQLite bundled with the host (SQLitePCLRaw.bundle_e_sqlite3) or SqlServer.");
}
