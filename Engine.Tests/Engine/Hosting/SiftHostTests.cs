using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sift.Actors.Kernel;
using Sift.Engine.Configuration;
using Sift.Engine.Diagnostics;
using Sift.Engine.Hosting;
using Sift.Engine.Milter;
using Sift.Engine.Tests.Infrastructure;
using Sift.Protocols.Milter;

namespace Sift.Engine.Tests.Engine.Hosting;

public sealed class SiftHostTests
{
    private static IHost BuildHost(string file)
    {
        var (configuration, _) = SiftConfiguration.Load(file, new Dictionary<string, string>());
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddConfiguration(configuration);
        builder.Services.AddSift(configuration, h => h.ConfigurationFile = file);
        return builder.Build();
    }

    private static string Write(TestEnv.TempDir dir, string name, string text)
    {
        var path = Path.Combine(dir.Path, name);
        File.WriteAllText(path, text);
        return path;
    }

    private const string Listener = "sift.milter { listen = \"inet:0@127.0.0.1\", grace-period = 1s }\n";

    private static async Task<MilterClient> OpenSessionAsync(MilterGateway gateway)
    {
        var client = await MilterClient.ConnectAsync(gateway.LocalEndPoint!);
        await client.NegotiateAsync(new MilterNegotiation(6, (MilterActions)0x1ff, MilterProtocolFlags.None));
        client.Writer.WriteConnect(new MilterConnectInfo("client.example", MilterAddressFamily.Inet, 4321, "192.0.2.1"));
        Assert.Equal(MilterReplyCode.Continue, (await client.CommandAsync()).Code);
        client.Writer.WriteStrings((byte)MilterCommand.Mail, "<a@example.org>");
        Assert.Equal(MilterReplyCode.Continue, (await client.CommandAsync()).Code);
        return client;
    }

    [Fact]
    public async Task The_host_serves_the_engine_and_the_gateway_from_DI_and_stops_them_with_a_session_open()
    {
        using var dir = TestEnv.NewTempDir();
        using var host = BuildHost(Write(dir, "sift.conf", Listener));
        await host.StartAsync();
        var engine = host.Services.GetRequiredService<FilterEngine>();
        Assert.Same(engine.System, host.Services.GetRequiredService<ActorSystem>());
        var gateway = host.Services.GetRequiredService<MilterGateway>();
        await using var client = await OpenSessionAsync(gateway);
        await Poll.UntilAsync(() => gateway.Sessions == 1, what: "the session actor");

        var stopping = host.StopAsync();
        // The session in flight may finish during the grace period: its message gets a real answer.
        client.Writer.WriteStrings((byte)MilterCommand.Rcpt, "<b@example.net>");
        Assert.Equal(MilterReplyCode.Continue, (await client.CommandAsync()).Code);
        client.Writer.WriteStrings((byte)MilterCommand.Header, "Subject", "hello");
        Assert.Equal(MilterReplyCode.Continue, (await client.CommandAsync()).Code);
        client.Writer.WriteEmpty((byte)MilterCommand.EndOfHeaders);
        Assert.Equal(MilterReplyCode.Continue, (await client.CommandAsync()).Code);
        client.Writer.WriteEmpty((byte)MilterCommand.EndOfBody);
        var modifications = new List<MilterReply>();
        var answer = await client.CommandAsync(modifications);
        Assert.Equal(MilterReplyCode.Accept, answer.Code);
        Assert.Contains(modifications, m => m.Code == MilterReplyCode.AddHeader && m.Strings()[0] == "X-Sift-Status");
        client.Writer.WriteEmpty((byte)MilterCommand.Quit);
        await client.SendAsync();

        await stopping.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(engine.System.WhenTerminated.IsCompleted);
        Assert.Equal(0, gateway.Sessions);
    }

    [Fact]
    public async Task A_session_still_open_after_the_grace_period_is_answered_tempfail()
    {
        using var dir = TestEnv.NewTempDir();
        using var host = BuildHost(Write(dir, "sift.conf", Listener));
        await host.StartAsync();
        var gateway = host.Services.GetRequiredService<MilterGateway>();
        await using var client = await OpenSessionAsync(gateway);
        await Poll.UntilAsync(() => gateway.Sessions == 1, what: "the session actor");
        var stopping = host.StopAsync();
        var reply = await client.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(MilterReplyCode.TempFail, reply.Code);
        await stopping.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Reload_applies_a_good_file_and_refuses_a_bad_one_keeping_the_running_policy()
    {
        using var dir = TestEnv.NewTempDir();
        var file = Write(dir, "sift.conf", Listener);
        using var host = BuildHost(file);
        await host.StartAsync();
        var service = host.Services.GetRequiredService<MilterGatewayService>();
        Assert.Empty(service.Gateway.Policy.Checks);

        var good = Write(dir, "good.conf", Listener + "sift.checks.zen { kind = dnsbl, zone = \"zen.example\", weight = 9 }\n");
        Assert.Empty(await service.ReloadAsync(good));
        var policy = service.Gateway.Policy;
        Assert.Equal("zen", Assert.Single(policy.ChecksAt(GatewayStage.Connect)).Name);

        var badStage = Write(dir, "bad-stage.conf", Listener + "sift.checks.av { kind = clamd, stage = connect }\n");
        var errors = await service.ReloadAsync(badStage);
        Assert.Equal("sift.checks.av.stage: a clamd check cannot run at connect: its inputs are complete at eom", Assert.Single(errors));
        Assert.Same(policy, service.Gateway.Policy);

        var badSyntax = Write(dir, "bad-syntax.conf", Listener + "sift.checks.zen { kind = dnsbl\n");
        errors = await service.ReloadAsync(badSyntax);
        Assert.StartsWith(badSyntax + ":", Assert.Single(errors));
        Assert.Same(policy, service.Gateway.Policy);
        await host.StopAsync();
    }

    private static async Task<string[]> FinishMessageAsync(MilterClient client)
    {
        client.Writer.WriteStrings((byte)MilterCommand.Rcpt, "<b@example.net>");
        Assert.Equal(MilterReplyCode.Continue, (await client.CommandAsync()).Code);
        client.Writer.WriteEmpty((byte)MilterCommand.EndOfBody);
        var modifications = new List<MilterReply>();
        Assert.Equal(MilterReplyCode.Accept, (await client.CommandAsync(modifications)).Code);
        return modifications.Where(m => m.Code == MilterReplyCode.AddHeader).Select(m => m.Strings()[0]).ToArray();
    }

    [Fact]
    public async Task A_reload_leaves_sessions_in_flight_on_their_policy_and_gives_new_ones_the_new_policy()
    {
        using var dir = TestEnv.NewTempDir();
        using var host = BuildHost(Write(dir, "sift.conf", Listener));
        await host.StartAsync();
        var service = host.Services.GetRequiredService<MilterGatewayService>();
        await using var inFlight = await OpenSessionAsync(service.Gateway);

        var renamed = Write(dir, "renamed.conf", Listener + "sift.milter.headers.status-header = \"X-Renamed-Status\"\n");
        Assert.Empty(await service.ReloadAsync(renamed));

        await using var fresh = await OpenSessionAsync(service.Gateway);
        Assert.Contains("X-Sift-Status", await FinishMessageAsync(inFlight));
        var headers = await FinishMessageAsync(fresh);
        Assert.Contains("X-Renamed-Status", headers);
        Assert.DoesNotContain("X-Sift-Status", headers);
        await host.StopAsync();
    }

    [Fact]
    public async Task The_meter_reports_verdicts_and_sessions()
    {
        using var dir = TestEnv.NewTempDir();
        using var host = BuildHost(Write(dir, "sift.conf", Listener));
        var measured = new List<(string Name, long Value)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SiftMeter.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (measured) { measured.Add((instrument.Name, value)); }
        });
        listener.Start();
        await host.StartAsync();
        var gateway = host.Services.GetRequiredService<MilterGateway>();
        await using (var client = await OpenSessionAsync(gateway))
        {
            client.Writer.WriteStrings((byte)MilterCommand.Rcpt, "<b@example.net>");
            Assert.Equal(MilterReplyCode.Continue, (await client.CommandAsync()).Code);
            client.Writer.WriteEmpty((byte)MilterCommand.EndOfBody);
            Assert.Equal(MilterReplyCode.Accept, (await client.CommandAsync()).Code);
        }
        await Poll.UntilAsync(() => gateway.Sessions == 0);
        lock (measured)
        {
            Assert.Contains(("sift.verdicts", 1L), measured);
            Assert.Contains(("sift.milter.sessions", 1L), measured);
            Assert.Contains(("sift.milter.sessions", -1L), measured);
        }
        await host.StopAsync();
    }
}
