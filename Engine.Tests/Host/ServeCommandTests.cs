using System.CommandLine;
using Sift.Engine.Tests.Infrastructure;

namespace Sift.Engine.Tests.Host;

public sealed class ServeCommandTests
{
    private static (int Code, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Sift.Host.Program.BuildRoot().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, error.ToString());
    }

    [Fact]
    public void Serve_refuses_a_policy_that_does_not_hold_together_before_listening()
    {
        using var dir = TestEnv.NewTempDir();
        var file = Path.Combine(dir.Path, "sift.conf");
        File.WriteAllText(file, "sift.checks.av { kind = clamd, stage = connect }\n");
        var (code, error) = Run("serve", "--config", file);
        Assert.Equal(1, code);
        Assert.Contains("sift.checks.av.stage: a clamd check cannot run at connect", error);
    }

    [Fact]
    public void Serve_refuses_a_file_with_a_syntax_error_with_its_position()
    {
        using var dir = TestEnv.NewTempDir();
        var file = Path.Combine(dir.Path, "sift.conf");
        File.WriteAllText(file, "sift.milter { listen = \n");
        var (code, error) = Run("serve", "--config", file);
        Assert.Equal(1, code);
        Assert.StartsWith(file + ":", error);
    }

    [Fact]
    public void Config_check_reports_milter_policy_errors_too()
    {
        using var dir = TestEnv.NewTempDir();
        var file = Path.Combine(dir.Path, "sift.conf");
        File.WriteAllText(file, "sift.checks.zen { kind = dnsbl }\n");
        var (code, error) = Run("config", "check", file);
        Assert.Equal(1, code);
        Assert.Contains($"{file}: sift.checks.zen.zone: a dnsbl check needs a zone", error);
    }
}
