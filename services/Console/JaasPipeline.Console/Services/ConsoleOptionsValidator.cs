using Microsoft.Extensions.Options;

namespace JaasPipeline.Console.Services;

/// <summary>One line per bad setting of <c>Console</c> (docs/STYLE 13): base URLs absolute http(s), keys long enough.</summary>
public sealed class ConsoleOptionsValidator : IValidateOptions<ConsoleOptions>
{
    public ValidateOptionsResult Validate(string? name, ConsoleOptions options)
    {
        var failures = new List<string>();
        if (options.ApiKey is { Length: > 0 and < 16 })
        {
            failures.Add("Console:ApiKey: a key is at least 16 characters.");
        }

        if (options.RatesSampleInterval < TimeSpan.FromSeconds(1) || options.RatesSampleInterval > TimeSpan.FromMinutes(5))
        {
            failures.Add("Console:RatesSampleInterval: from 00:00:01 to 00:05:00.");
        }

        if (options.SignInFailuresPerMinute is < 1 or > 1000)
        {
            failures.Add("Console:SignInFailuresPerMinute: from 1 to 1000 refused keys per minute and client address.");
        }

        if (options.DataProtectionKeysFolder is { } folder && (folder.Trim().Length == 0 || folder.IndexOfAny(Path.GetInvalidPathChars()) >= 0))
        {
            failures.Add("Console:DataProtectionKeysFolder: a folder path, e.g. /var/lib/jaas-console/keys.");
        }

        foreach (var (service, settings) in options.Services.All)
        {
            if (settings.BaseUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
            {
                failures.Add($"Console:Services:{service}:BaseUrl: an absolute http or https URL, e.g. http://127.0.0.1:8081.");
            }

            if (settings.ApiKey is { Length: > 0 and < 16 })
            {
                failures.Add($"Console:Services:{service}:ApiKey: a key is at least 16 characters.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
