using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using JaasPipeline.Data;

namespace JaasPipeline.Ingress.Outbox;

/// <summary>What committing a delivery did.</summary>
public enum DeliveryOutcome
{
    Accepted,
    Duplicate,
    Conflict,
}
