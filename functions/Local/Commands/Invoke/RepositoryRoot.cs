namespace Local.Commands.Invoke;

/// <summary>Finds the repository (the folder holding <c>functions.sln</c>) from the current directory, then from the CLI's own location.</summary>
internal static class RepositoryRoot
{
    public const string SolutionFile = "functions.sln";

    public static DirectoryInfo? Find(string? startDirectory = null) =>
        Walk(startDirectory ?? Environment.CurrentDirectory) ?? Walk(AppContext.BaseDirectory);

    private static DirectoryInfo? Walk(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
            {
                return directory;
            }
        }

        return null;
    }
}
