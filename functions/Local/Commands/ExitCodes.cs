namespace Local.Commands;

/// <summary>Process exit codes shared by all commands.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failed = 1;
    public const int InvalidUsage = 2;
}
