namespace Sift.Engine.Tests.Engine.Configuration;

/// <summary>Finds files of the repository (hocon/, docs/) from the test's output folder.</summary>
internal static class RepoFiles
{
    public static string Path(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate) && File.Exists(System.IO.Path.Combine(dir.FullName, "engine.sln")))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }
}
