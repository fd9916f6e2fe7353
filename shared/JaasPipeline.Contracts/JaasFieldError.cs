namespace JaasPipeline.Contracts;

/// <summary>One thing wrong with a webhook body: the JSON member (<c>$</c> for the whole body) and what is wrong.</summary>
public sealed record JaasFieldError(string Field, string Problem);
