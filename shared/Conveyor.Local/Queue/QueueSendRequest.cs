namespace Conveyor.Local.Queue;

/// <summary>A message to send: its body, an optional delivery delay, and for FIFO queues its group.</summary>
public sealed record QueueSendRequest(string Body, TimeSpan? Delay = null, string? GroupId = null);
