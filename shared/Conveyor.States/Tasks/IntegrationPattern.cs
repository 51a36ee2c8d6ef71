namespace Conveyor.States.Tasks;

/// <summary>The service integration pattern chosen by the Resource suffix.</summary>
public enum IntegrationPattern
{
    RequestResponse,
    /// <summary><c>.sync</c> (and <c>.sync:2</c>): run the job and wait for it to complete.</summary>
    Sync,
    /// <summary><c>.waitForTaskToken</c>: wait until the token is returned.</summary>
    WaitForTaskToken,
}
