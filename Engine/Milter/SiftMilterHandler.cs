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
    private readonly StageReply _reply = new();
    private IActorRef? _session;
    private CancellationTokenRegistration _closed;

    public SiftMilterHandler(MilterGateway gateway)
    {
        _gateway = gateway;
        _policy = gateway.Policy;
    }

    /// <summary>The stages this connection's policy uses (<see cref="MilterGateway.ProtocolFor"/>).</summary>
    public override MilterProtocolFlags? Protocol => MilterGateway.ProtocolFor(_policy);

    public override ValueTask<MilterResponse> OnConnectAsync(MilterContext context, MilterConnectInfo client)
    {
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
        Session.Tell(new SessionHeader(name, value, context.HeaderLeadingSpace), ActorRefs.NoSender);
        return new(MilterResponse.Continue);
    }

    public override ValueTask<MilterResponse> OnEndOfHeadersAsync(MilterContext context)
    {
        Session.Tell(SessionEndOfHeaders.Instance, ActorRefs.NoSender);
        return new(MilterResponse.Continue);
    }

    public override ValueTask<MilterResponse> OnBodyAsync(MilterContext context, ReadOnlySequence<byte> chunk)
    {
        // The chunk lives in the connection's buffer only until this returns: the session gets a
        // copy in a pooled array, which it returns once spooled.
        var length = (int)chunk.Length;
        var copy = ArrayPool<byte>.Shared.Rent(Math.Max(1, length));
        chunk.CopyTo(copy);
        Session.Tell(new SessionBody(copy, length), ActorRefs.NoSender);
        return new(MilterResponse.Continue);
    }

    public override async ValueTask<MilterResponse> OnEndOfMessageAsync(MilterContext context)
    {
        // Connect left out (no check reads the client): the MTA's end-of-message macros may still name it, for the log line.
        var client = context.Client is null && context.Macros["client_addr"] is { } address ? ClientOf(context.Macros["client_name"] ?? "", address) : null;
        var outcome = await AskAsync(context, new SessionEndOfMessage(context.Macros["i"], context.Macros["j"], client)).ConfigureAwait(false);
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
        _session?.Tell(SessionAbort.Instance, ActorRefs.NoSender);
        return ValueTask.CompletedTask;
    }

    public override ValueTask OnCloseAsync(MilterContext context)
    {
        _closed.Dispose();
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
            // Explicitly no sender: this may run on the session's own turn (after its previous answer),
            // where an implicit sender would be the session itself.
            Session.Tell(message, ActorRefs.NoSender);
            return new(MilterResponse.Continue);
        }
        return AwaitResponse(AskAsync(context, message));
    }

    private static async ValueTask<MilterResponse> AwaitResponse(ValueTask<StageOutcome> outcome) => (await outcome.ConfigureAwait(false)).Response;

    /// <summary>
    /// Sends <paramref name="message"/> to the session with the connection's <see cref="StageReply"/> as
    /// its sender and awaits the answer. The code after the await runs on the session's turn.
    /// </summary>
    private ValueTask<StageOutcome> AskAsync(MilterContext context, object message)
    {
        if (_closed == default && context.Closed.CanBeCanceled)
        {
            _closed = context.Closed.Register(static (s, token) => ((StageReply)s!).Cancel(token), _reply);
        }
        var answer = _reply.Next();
        Session.Tell(message, _reply);
        return answer;
    }
}
