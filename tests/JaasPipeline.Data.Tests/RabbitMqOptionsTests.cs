using System.ComponentModel.DataAnnotations;
using JaasPipeline.Messaging;

namespace JaasPipeline.Data.Tests;

/// <summary>Messaging:RabbitMq as one broker or as a cluster's nodes: what a node may be, and the quorum size a host declares.</summary>
public sealed class RabbitMqOptionsTests
{
    [TestCase("rabbit-a", "rabbit-a", 5672)]
    [TestCase("rabbit-a:5711", "rabbit-a", 5711)]
    [TestCase(" 127.0.0.1:5712 ", "127.0.0.1", 5712)]
    [TestCase("rabbitmq.internal.example:5672", "rabbitmq.internal.example", 5672)]
    public void Node_IsHostOrHostAndPort(string text, string host, int port)
    {
        Assert.That(RabbitMqNode.TryParse(text, 5672, out var node), Is.True);
        Assert.That(node, Is.EqualTo(new RabbitMqNode(host, port)));
    }

    [TestCase("")]
    [TestCase(":5672")]
    [TestCase("rabbit-a:")]
    [TestCase("rabbit-a:0")]
    [TestCase("rabbit-a:65536")]
    [TestCase("rabbit-a:+5672")]
    [TestCase("rabbit-a:5672:1")]
    [TestCase("::1")]
    [TestCase("[::1]:5672")]
    [TestCase("rabbit a")]
    public void Node_RefusesWhatMassTransitCouldNotConnectTo(string text) =>
        Assert.That(RabbitMqNode.TryParse(text, 5672, out _), Is.False);

    [Test]
    public void BadNode_IsAValidationErrorNamingItsIndexAndValue()
    {
        var options = new RabbitMqOptions { Nodes = ["rabbit-a", "rabbit-b:x"] };

        var errors = Validate(options);

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.StartWith("Messaging:RabbitMq:Nodes:1 'rabbit-b:x' is not host or host:port"));
    }

    [Test]
    public void Endpoints_AreTheNodesInOrder_OrHostAndPortWithoutThem()
    {
        Assert.That(new RabbitMqOptions { Host = "broker", Port = 5673 }.ConnectionNodes(), Is.EqualTo(new[] { new RabbitMqNode("broker", 5673) }));
        Assert.That(new RabbitMqOptions { Host = "ignored", Port = 5673, Nodes = ["a", "b:5711"] }.ConnectionNodes(),
            Is.EqualTo(new[] { new RabbitMqNode("a", 5673), new RabbitMqNode("b", 5711) }));
    }

    [TestCase(null, null, null)]
    [TestCase(new[] { "a" }, null, null)]
    [TestCase(new[] { "a", "b" }, null, 2)]
    [TestCase(new[] { "a", "b", "c" }, null, 3)]
    [TestCase(new[] { "a", "b", "c", "d", "e" }, null, 3)]
    [TestCase(new[] { "a", "b", "c", "d", "e" }, 5, 5)]
    [TestCase(null, 3, 3)]
    public void QuorumSize_IsSetOnlyWhereChosen(string[]? nodes, int? configured, int? declared) =>
        Assert.That(new RabbitMqOptions { Nodes = nodes, QuorumQueueSize = configured }.DeclaredQuorumQueueSize(), Is.EqualTo(declared));

    [TestCase(0)]
    [TestCase(RabbitMqOptions.BrokerDeliveryLimit)]
    public void DeliveryLimit_StaysBelowRabbitMq4sOwn(int limit) =>
        Assert.That(Validate(new RabbitMqOptions { DeliveryLimit = limit }), Has.Some.Contains("Messaging:RabbitMq:DeliveryLimit must be between 1 and 19"));

    private static List<string> Validate(RabbitMqOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(result => result.ErrorMessage ?? "")];
    }
}
