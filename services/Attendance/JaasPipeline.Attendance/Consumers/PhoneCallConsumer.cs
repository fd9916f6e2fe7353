using JaasPipeline.Attendance.Reports;
using JaasPipeline.Contracts;
using JaasPipeline.Messaging;
using MassTransit;

namespace JaasPipeline.Attendance.Consumers;

/// <summary>Records SIP and dial participants: each call's start and end is a stint in the main room.</summary>
public sealed class PhoneCallConsumer(InboxTransaction inbox, AttendanceStore store) :
    IConsumer<SipCallInStarted>, IConsumer<SipCallInEnded>, IConsumer<SipCallOutStarted>, IConsumer<SipCallOutEnded>,
    IConsumer<DialInStarted>, IConsumer<DialInEnded>, IConsumer<DialOutStarted>, IConsumer<DialOutEnded>
{
    private const AttendanceFactKind Started = AttendanceFactKind.CallStarted;
    private const AttendanceFactKind Ended = AttendanceFactKind.CallEnded;
    private const string Sip = ParticipantKinds.Sip;
    private const string Dial = ParticipantKinds.Dial;

    public Task Consume(ConsumeContext<SipCallInStarted> context) =>
        Append(context.Message, Started, Sip, context.Message.ParticipantId, context.Message.ParticipantJid, context.Message.Nick);

    public Task Consume(ConsumeContext<SipCallInEnded> context) =>
        Append(context.Message, Ended, Sip, context.Message.ParticipantId, context.Message.ParticipantJid);

    public Task Consume(ConsumeContext<SipCallOutStarted> context) =>
        Append(context.Message, Started, Sip, context.Message.ParticipantId, context.Message.ParticipantJid, context.Message.Nick);

    public Task Consume(ConsumeContext<SipCallOutEnded> context) =>
        Append(context.Message, Ended, Sip, context.Message.ParticipantId, context.Message.ParticipantJid);

    public Task Consume(ConsumeContext<DialInStarted> context) =>
        Append(context.Message, Started, Dial, context.Message.ParticipantId, context.Message.ParticipantJid, context.Message.Nick);

    public Task Consume(ConsumeContext<DialInEnded> context) =>
        Append(context.Message, Ended, Dial, context.Message.ParticipantId, context.Message.ParticipantJid);

    public Task Consume(ConsumeContext<DialOutStarted> context) =>
        Append(context.Message, Started, Dial, context.Message.ParticipantId, context.Message.ParticipantJid, context.Message.Nick);

    public Task Consume(ConsumeContext<DialOutEnded> context) =>
        Append(context.Message, Ended, Dial, context.Message.ParticipantId, context.Message.ParticipantJid);

    private Task Append(JaasEvent call, AttendanceFactKind kind, string participantKind, string? participantId, string? participantJid, string? nick = null) =>
        store.AppendAsync(inbox, AttendanceFacts.Call(call, kind, participantKind, participantId, participantJid, nick));
}
