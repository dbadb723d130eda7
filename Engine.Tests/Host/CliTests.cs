using System.CommandLine;

namespace Sift.Engine.Tests.Host;

public class CliTests
{
    [Fact]
    public void Help_lists_the_commands_that_exist()
    {
        var output = new StringWriter();
        var config = new InvocationConfiguration { Output = output };
        var code = Sift.Host.Program.BuildRoot().Parse(["--help"]).Invoke(config);
        Assert.Equal(0, code);
        Assert.Contains("version", output.ToString());
    }
}
