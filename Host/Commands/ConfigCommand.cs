using System.CommandLine;
using Sift.Engine.Configuration;
using Sift.Engine.Configuration.Hocon;

namespace Sift.Host.Commands;

/// <summary><c>sift config print</c> and <c>sift config check</c>.</summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var cmd = new Command("config", "Show or check a configuration file.");
        cmd.Subcommands.Add(CreatePrint());
        cmd.Subcommands.Add(CreateCheck());
        return cmd;
    }

    private static Command CreatePrint()
    {
        var json = new Option<bool>("--json") { Description = "Print exactly the resolved tree as JSON (values as written)." };
        var noDefaults = new Option<bool>("--no-defaults") { Description = "Resolve FILE alone, without reference.conf." };
        var file = new Argument<string>("FILE") { Description = "The HOCON file." };
        var cmd = new Command("print", "Print the resolved configuration: FILE merged over reference.conf.");
        cmd.Options.Add(json);
        cmd.Options.Add(noDefaults);
        cmd.Arguments.Add(file);
        cmd.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            HoconObject resolved;
            try
            {
                resolved = SiftConfiguration.Resolve(parse.GetValue(file), withDefaults: !parse.GetValue(noDefaults));
            }
            catch (HoconException e)
            {
                parse.InvocationConfiguration.Error.WriteLine(e.Message);
                return 1;
            }
            output.Write(parse.GetValue(json) ? HoconText.ToJson(resolved) + "\n" : HoconText.ToHocon(resolved));
            return 0;
        });
        return cmd;
    }

    private static Command CreateCheck()
    {
        var file = new Argument<string>("FILE") { Description = "The HOCON file." };
        var cmd = new Command("check", "Report unknown keys, wrong types, bad durations and sizes, missing includes, as file:line:column.");
        cmd.Arguments.Add(file);
        cmd.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var problems = SiftConfiguration.Check(path);
            foreach (var problem in problems)
            {
                parse.InvocationConfiguration.Error.WriteLine(problem.ToString());
            }
            if (problems.Count > 0)
            {
                return 1;
            }
            // The file is well formed; the milter policy in it must also hold together (stages, replies…).
            try
            {
                Sift.Engine.Milter.GatewayPolicy.From(SiftConfiguration.Load(path).Options);
            }
            catch (Sift.Engine.Milter.GatewayPolicyException e)
            {
                foreach (var error in e.Errors)
                {
                    parse.InvocationConfiguration.Error.WriteLine($"{path}: {error}");
                }
                return 1;
            }
            catch (SiftConfigurationException e)
            {
                parse.InvocationConfiguration.Error.WriteLine(e.Message);
                return 1;
            }
            parse.InvocationConfiguration.Output.WriteLine($"{path}: ok");
            return 0;
        });
        return cmd;
    }
}
