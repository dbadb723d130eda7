using System.CommandLine;
using Sift.Host.Commands;

namespace Sift.Host;

/// <summary>The <c>sift</c> executable: each sub-command lives in its own file under Commands/.</summary>
public static class Program
{
    /// <summary>Builds the command tree; public so tests can drive the CLI in-process.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("Sift: a concurrent filtering engine for mail gateways.");
        root.Subcommands.Add(VersionCommand.Create());
        root.Subcommands.Add(ConfigCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(DnsCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(SpfCommand.Create());
        return root;
    }

    /// <summary>Entry point.</summary>
    /// <remarks>System.CommandLine's own SIGTERM handling is off: under <c>sift serve</c> the generic
    /// host handles SIGTERM and drains the milter sessions for their grace period. The runtime defaults
    /// (<see cref="RuntimeDefaults"/>) are set first, before any socket exists.</remarks>
    public static int Main(string[] args)
    {
        RuntimeDefaults.Apply();
        return BuildRoot().Parse(args).Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
