namespace Conveyor.States.States;

/// <summary>
/// A distributed Map's ToleratedFailureCount / ToleratedFailurePercentage (negative = not given). With neither,
/// no failure is tolerated; with both, exceeding either fails the Map.
/// </summary>
internal sealed record FailureTolerance(double Count, double Percentage)
{
    public bool IsExceeded(int failed, int total)
    {
        if (failed == 0) { return false; }
        if (Count < 0 && Percentage < 0) { return true; }
        var percent = total == 0 ? 0 : failed * 100.0 / total;
        return (Count >= 0 && failed > Count) || (Percentage >= 0 && percent > Percentage);
    }
}
