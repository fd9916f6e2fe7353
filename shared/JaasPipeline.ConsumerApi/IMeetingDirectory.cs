namespace JaasPipeline.ConsumerApi;

/// <summary>A consumer service's store, as the list of its meetings reads it (<see cref="MeetingListApi"/>).</summary>
public interface IMeetingDirectory
{
    /// <summary>At most <see cref="MeetingListQuery.Take"/> meetings, newest first by last event, then sessionId descending.</summary>
    Task<IReadOnlyList<MeetingRow>> ListMeetingsAsync(MeetingListQuery query, CancellationToken cancellationToken);
}
