using System.CommandLine;
using System.Reflection;

namespace Sift.Host.Commands;

/// <summary><c>sift version</c>: prints the version of the executable.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var cmd = new Command("version", "Print the version of Sift.");
        cmd.SetAction(parse =>
        {
            var v = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            parse.InvocationConfiguration.Output.WriteLine($"sift {v}");
            return 0;
        });
        return cmd;
    }
}
