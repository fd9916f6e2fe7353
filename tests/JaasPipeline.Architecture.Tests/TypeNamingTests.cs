using NetArchTest.Rules;

namespace JaasPipeline.Architecture.Tests;

// STYLE.md 18: names say what a thing is in the JaaS domain, not how it is built.
[TestFixture]
public sealed class TypeNamingTests
{
    [Test]
    public void TypeNames_HaveNoManagerHelperOrUtilSuffix()
    {
        // Generic types carry their arity after a backtick (RetryHelper`1), so it may follow the suffix.
        var offending = Types.InAssemblies(Modules.All())
            .That().HaveNameMatching(@"(Manager|Helper|Util|Utils)(`\d+)?$")
            .GetTypes()
            .Select(type => type.FullName);

        Assert.That(offending, Is.Empty, "types named after how they are built, not what they are");
    }
}
