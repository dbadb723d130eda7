using System.Buffers;
using System.Net;
using Sift.Actors.Kernel;
using Sift.Protocols.Milter;

namespace Sift.Engine.Milter;

/// <summary>
/// The milter callbacks of one MTA connection: each becomes a message to the connection's
/// <see cref="MilterSession"/> actor. Stages with checks (and end of message) ask it and answer
/// with its outcome; the others tell it and go on at once.
/// </summary>
internal sealed class SiftMilterHandler : MilterHandler
{
    private readonly MilterGateway _gateway;
    private readonly GatewayPolicy _policy;
    private IActorRef? _session;
    private string _client = "unknown";

    public SiftMilterHandler(MilterGateway gateway)
    {
        _gateway = gateway;
        _policy = gateway.Policy;
    }

    /// <summary>The stages this connection's policy uses (<see cref="MilterGateway.ProtocolFor"/>).</summary>
    public override MilterProtocolFlags? Protocol => MilterGateway.ProtocolFor(_policy);

    public override ValueTask<MilterResponse> OnConnectAsync(MilterContext context, MilterConnectInfo client)
    {
        _client = $"{client.HostName}[{client.Address}]";
        var known = client.Family is MilterAddressFamily.Inet or MilterAddressFamily.Inet6 ? ClientOf(client.HostName, client.Address) : new SessionConnect(client.HostName, null, client.Address);
        return StageAsync(context, GatewayStage.Connect, known);
    }

    public override ValueTask<MilterResponse> OnHeloAsync(MilterContext context, string helo) =>
        StageAsync(context, GatewayStage.Helo, new SessionHelo(helo));

    public override ValueTask<MilterResponse> OnMailFromAsync(MilterContext context, string sender, IReadOnlyList<string> arguments) =>
        StageAsync(context, GatewayStage.Mail, new SessionMail(sender, context.Macros["i"]));

    public override ValueTask<MilterResponse> OnRcptAsync(MilterContext context, string recipient, IReadOnlyList<string> arguments) =>
        StageAsync(context, GatewayStage.Rcpt, new SessionRcpt(recipient, context.Macros["i"]));

    public override ValueTask<MilterResponse> OnDataAsync(MilterContext context) =>
        StageAsync(context, GatewayStage.Data, new SessionData(context.Macros["i"]));

    public override ValueTask<MilterResponse> OnHeaderAsync(MilterContext context, string name, string value)
    {
        Session.Tell(new SessionHeader(name, value, context.HeaderLeadingSpace));
        return new(MilterResponse.Continue);
    }

    public override ValueTask<MilterResponse> OnEndOfHeadersAsync(MilterContext context)
    {
        Session.Tell(SessionEndOfHeaders.Instance);
        return new(MilterResponse.Continue);
    }

    public override ValueTask<MilterResponse> OnBodyAsync(MilterContext context, ReadOnlySequence<byte> chunk)
    {
        // The chunk lives in the connection's buffer only until this returns: the session gets a
        // copy in a pooled array, which it returns once spooled.
        var length = (int)chunk.Length;
        var copy = ArrayPool<byte>.Shared.Rent(Math.Max(1, length));
        chunk.CopyTo(copy);
        Session.Tell(new SessionBody(copy, length));
        return new(MilterResponse.Continue);
    }

    public override async ValueTask<MilterResponse> OnEndOfMessageAsync(MilterContext context)
    {
        // Connect left out (no check reads the client): the MTA's end-of-message macros may still name it, for the log line.
        var client = context.Client is null && context.Macros["client_addr"] is { } address ? ClientOf(context.Macros["client_name"] ?? "", address) : null;
        var outcome = await AskAsync(context, GatewayStage.EndOfMessage, new SessionEndOfMessage(context.Macros["i"], context.Macros["j"], client)).ConfigureAwait(false);
        foreach (var (name, value) in outcome.Headers)
        {
            context.AddHeader(name, value);
        }
        if (outcome.Quarantine is { } reason)
        {
            context.Quarantine(reason);
        }
        return outcome.Response;
    }

    public override ValueTask OnAbortAsync(MilterContext context)
    {
        _session?.Tell(SessionAbort.Instance);
        return ValueTask.CompletedTask;
    }

    public override ValueTask OnCloseAsync(MilterContext context)
    {
        if (_session is not null)
        {
            _gateway.SessionClosed(_session);
            _session = null;
        }
        return ValueTask.CompletedTask;
    }

    private IActorRef Session => _session ??= _gateway.OpenSession(_policy);

    private static SessionConnect ClientOf(string hostName, string address) => new(hostName,
        IPAddress.TryParse(address.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase) ? address[5..] : address, out var ip) ? ip : null,
        address);

    private ValueTask<MilterResponse> StageAsync(MilterContext context, GatewayStage stage, object message)
    {
        if (!_policy.HasChecks(stage))
        {
            Session.Tell(message);
            return new(MilterResponse.Continue);
        }
        return AwaitResponse(AskAsync(context, stage, message));
    }

    private static async ValueTask<MilterResponse> AwaitResponse(Task<StageOutcome> outcome) => (await outcome.ConfigureAwait(false)).Response;

    private async Task<StageOutcome> AskAsync(MilterContext context, GatewayStage stage, object message)
    {
        try
        {
            return await Session.Ask<StageOutcome>(message, _gateway.AskTimeout, context.Closed).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            // The engine's global timeout should have answered long before: a safety net, never a wait without end.
            GatewayLog.SessionTimedOut(_gateway.Logger, _client, StageTable.NameOf(stage), _gateway.AskTimeout.TotalMilliseconds, _policy.DefaultResponse.ToString());
            return new StageOutcome(_policy.DefaultResponse, [], null);
        }
    }
}
