using System.CommandLine;
using System.Text.Json;
using Sift.Engine.Configuration;
using Sift.Engine.Configuration.Hocon;
using Sift.Engine.Tests.Infrastructure;

namespace Sift.Engine.Tests.Host;

/// <summary><c>sift config print</c> and <c>sift config check</c>, driven in-process.</summary>
public class ConfigCommandTests
{
    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Sift.Host.Program.BuildRoot().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    private static string Write(TestEnv.TempDir dir, string text)
    {
        var path = Path.Combine(dir.Path, "sift.conf");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Print_json_is_exactly_the_resolved_tree_merged_over_the_reference()
    {
        using var dir = TestEnv.NewTempDir();
        var file = Write(dir, "sift.engine.global-timeout = 7s\nsift.dns.nameservers = [\"127.0.0.1\"]");
        var (code, output, error) = Run("config", "print", "--json", file);
        Assert.Equal((0, ""), (code, error));
        using var json = JsonDocument.Parse(output);
        var engine = json.RootElement.GetProperty("sift").GetProperty("engine");
        Assert.Equal("7s", engine.GetProperty("global-timeout").GetString());
        Assert.Equal(10, engine.GetProperty("max-concurrency").GetInt32());
        Assert.Equal("127.0.0.1", json.RootElement.GetProperty("sift").GetProperty("dns").GetProperty("nameservers")[0].GetString());
        var expected = HoconText.ToJson(SiftConfiguration.Resolve(file));
        Assert.Equal(expected.Trim(), output.Trim());
    }

    [Fact]
    public void Print_json_without_defaults_is_the_file_alone_resolved()
    {
        using var dir = TestEnv.NewTempDir();
        var file = Write(dir, "base { port = 3310 }\nclamd = ${base} { host = \"127.0.0.1\" }\nt = 5s");
        var (code, output, _) = Run("config", "print", "--json", "--no-defaults", file);
        Assert.Equal(0, code);
        Assert.Equal("""{"base":{"port":3310},"clamd":{"port":3310,"host":"127.0.0.1"},"t":"5s"}""",
            JsonSerializer.Serialize(JsonDocument.Parse(output).RootElement));
    }

    [Fact]
    public void Print_without_json_writes_hocon_that_reads_back_to_the_same_tree()
    {
        using var dir = TestEnv.NewTempDir();
        var file = Write(dir, "sift.milter.replies.reject = \"550 5.7.1 \\\"no\\\"\"\nmine { a = \"-5\", b = \"12\", c = \"true\", d = \"\", e = \"x.y\", \"k.1\" = [null, 1.5] }");
        var (code, output, _) = Run("config", "print", file);
        Assert.Equal(0, code);
        Assert.Contains("global-timeout = \"10s\"", output);
        Assert.Equal(HoconText.ToJson(SiftConfiguration.Resolve(file)), HoconText.ToJson(HoconReader.Load(output)));
    }

    [Fact]
    public void Print_of_a_file_that_does_not_resolve_writes_the_error_to_stderr_and_fails()
    {
        using var dir = TestEnv.NewTempDir();
        var file = Write(dir, "sift.engine.dns-timeout = ${nowhere}");
        var (code, output, error) = Run("config", "print", "--json", file);
        Assert.NotEqual(0, code);
        Assert.Equal("", output);
        Assert.Equal($"{file}:1:27: '${{nowhere}}' is not defined (neither a setting nor an environment variable)", error.Trim());
    }

    [Fact]
    public void Check_reports_each_problem_as_file_line_column()
    {
        using var dir = TestEnv.NewTempDir();
        var file = Write(dir, """
            sift {
              engine.max-concurency = 3
              engine.global-timeout = 10 parsecs
              limits.max-message-size = big
              dns.attempts = three
              dns.nameservers = "127.0.0.1"
              checks.zen { kind = dnsbl, wieght = 2 }
            }
            mine = 1
            """);
        var (code, output, error) = Run("config", "check", file);
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal(
            [
                $"{file}:2:3: unknown key 'sift.engine.max-concurency' (not in reference.conf)",
                $"{file}:3:27: 'sift.engine.global-timeout' = '10 parsecs' is not a duration (write e.g. 5s, 250ms, 2m)",
                $"{file}:4:29: 'sift.limits.max-message-size' = 'big' is not a size (write e.g. 50M, 64K, 10MB)",
                $"{file}:5:18: 'sift.dns.attempts' should be a number, not a string",
                $"{file}:6:21: 'sift.dns.nameservers' should be a list, not a string",
                $"{file}:7:30: unknown key 'sift.checks.zen.wieght' (not in reference.conf)",
            ],
            error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Check_reports_a_missing_required_include()
    {
        using var dir = TestEnv.NewTempDir();
        var file = Write(dir, "sift {}\n  include required(\"local.conf\")");
        var (code, _, error) = Run("config", "check", file);
        Assert.Equal(1, code);
        Assert.StartsWith($"{file}:2:3: required include 'local.conf' not found", error);
    }

    [Fact]
    public void Check_of_a_good_file_says_ok()
    {
        using var dir = TestEnv.NewTempDir();
        var file = Write(dir, "sift.checks.zen { kind = dnsbl, zone = \"zen.example.org\", weight = 8 }\nsift.engine.global-timeout = 3000");
        var (code, output, error) = Run("config", "check", file);
        Assert.Equal((0, ""), (code, error));
        Assert.Equal($"{file}: ok", output.Trim());
    }
}
