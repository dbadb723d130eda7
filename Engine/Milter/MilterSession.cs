using System.Buffers;
using System.Text;
using Microsoft.Extensions.Logging;
using Sift.Actors.Kernel;
using Sift.Engine.Checks;
using Sift.Engine.Diagnostics;
using Sift.Engine.Results;
using Sift.Protocols.Milter;

namespace Sift.Engine.Milter;

/// <summary>
/// One MTA connection's state, as an actor: the envelope and macros as they arrive, the message
/// spooled (memory, then a temp file deleted when the message or the session ends), the checks of
/// each stage run through the engine when their inputs are complete, and the verdict turned into
/// the reply. The milter handler asks it at stages with checks and tells it everything else; the
/// milter protocol is lock-step, so at most one stage's batch is pending.
/// </summary>
internal sealed partial class MilterSession : ActorBase
{
    private static readonly byte[] Crlf = "\r\n"u8.ToArray();

    private readonly FilterEngine _engine;
    private readonly GatewayPolicy _policy;
    private readonly ILogger _logger;
    private readonly SiftMeter? _meter;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _closed = new();
    private readonly List<(CheckSpec Spec, CheckResult Result)> _connectionResults = [];
    private readonly List<(CheckSpec Spec, CheckResult Result)> _messageResults = [];
    private readonly List<string> _recipients = [];

    private SessionConnect? _client;
    private string? _helo;
    private string? _sender;
    private string? _fromDomain;
    private string? _queueId;
    private string? _authservId;
    private MessageSpool? _spool;
    private long _connectedAt;
    private long _messageStartedAt;
    private bool _messageOpen;
    private bool _headersEnded;
    private bool _rcptChecked;
    private IActorRef? _replyTo;

    public MilterSession(FilterEngine engine, GatewayPolicy policy, ILogger logger, SiftMeter? meter)
    {
        _engine = engine;
        _policy = policy;
        _logger = logger;
        _meter = meter;
        _time = engine.System.TimeProvider;
        _connectedAt = _time.GetTimestamp();

        Receive<SessionConnect>(OnConnect);
        Receive<SessionHelo>(m =>
        {
            Owe();
            _helo = m.Helo;
            RunStage(GatewayStage.Helo);
        });
        Receive<SessionMail>(OnMail);
        Receive<SessionRcpt>(OnRcpt);
        Receive<SessionData>(m =>
        {
            Owe();
            EnsureMessage();
            _queueId ??= m.QueueId;
            RunStage(GatewayStage.Data);
        });
        Receive<SessionHeader>(OnHeader);
        Receive<SessionEndOfHeaders>(_ =>
        {
            EnsureMessage();
            EndHeaders();
        });
        Receive<SessionBody>(m =>
        {
            EnsureMessage();
            EndHeaders();
            Spool(m.Chunk.AsSpan(0, m.Length));
            ArrayPool<byte>.Shared.Return(m.Chunk);
        });
        Receive<SessionEndOfMessage>(OnEndOfMessage);
        Receive<SessionAbort>(_ => EndMessage());
        Receive<StageChecked>(OnChecked);
    }

    /// <summary>
    /// Props for a session. It takes caller turns: the connection's loop, which would only wait for
    /// its answer, runs its turn on its own thread (no pool hand-off per command).
    /// </summary>
    public static Props Create(FilterEngine engine, GatewayPolicy policy, ILogger logger, SiftMeter? meter) =>
        Props.Create(() => new MilterSession(engine, policy, logger, meter)).WithCallerTurns();

    /// <summary>
    /// Stopped (the connection closed) or restarting after a failure: an answer still owed is given
    /// now, the default response, so that no MTA command goes unanswered.
    /// </summary>
    protected override void PostStop()
    {
        if (_replyTo is StageReply { Awaiting: false })
        {
            // The connection no longer waits: it closed, or the server answered it tempfail when its
            // grace period ended. Nothing to answer; say what happened rather than a reply never sent.
            GatewayLog.OwedAnswerGone(_logger, QueueId, ClientText);
            _replyTo = null;
        }
        else if (_replyTo is not null)
        {
            GatewayLog.AnsweredOnStop(_logger, QueueId, ClientText, _policy.DefaultResponse.ToString());
            Answer(new StageOutcome(_policy.DefaultResponse, [], null));
        }
        _closed.Cancel();
        _closed.Dispose();
        _spool?.Dispose();
        _spool = null;
    }

    private void OnConnect(SessionConnect connect)
    {
        Owe();
        _client = connect;
        _connectedAt = _time.GetTimestamp();
        RunStage(GatewayStage.Connect);
    }

    private void OnMail(SessionMail mail)
    {
        Owe();
        EndMessage();
        StartMessage();
        _sender = GatewayMessage.Unbracket(mail.Sender);
        _queueId = mail.QueueId;
        RunStage(GatewayStage.Mail);
    }

    /// <summary>
    /// A message begins at MAIL FROM — or, when the policy left MAIL out (<see cref="GatewayProtocol"/>),
    /// at the first of its stages the MTA sends. It is spooled only when a check reads it.
    /// </summary>
    private void StartMessage()
    {
        _messageOpen = true;
        _headersEnded = false;
        _messageStartedAt = _time.GetTimestamp();
        _spool = _policy.SpoolsContent ? new MessageSpool(_policy.SpoolMemoryThreshold, _policy.MaxMessageSize, _policy.SpoolDirectory) : null;
    }

    private void EnsureMessage()
    {
        if (!_messageOpen)
        {
            StartMessage();
        }
    }

    /// <summary>The empty line between headers and body, once: at end of headers, or at the body or end of message when end of headers was left out.</summary>
    private void EndHeaders()
    {
        if (!_headersEnded)
        {
            _headersEnded = true;
            Spool(Crlf);
        }
    }

    private void OnRcpt(SessionRcpt rcpt)
    {
        Owe();
        EnsureMessage();
        _queueId ??= rcpt.QueueId;
        if (_recipients.Count < _policy.MaxRecipients)
        {
            _recipients.Add(GatewayMessage.Unbracket(rcpt.Recipient));
        }
        if (_rcptChecked)
        {
            if (Asked)
            {
                Answer(StageOutcome.Continue);
            }
            return;
        }
        _rcptChecked = true;
        RunStage(GatewayStage.Rcpt);
    }

    private void OnHeader(SessionHeader header)
    {
        EnsureMessage();
        if (_fromDomain is null && header.Name.Equals("From", StringComparison.OrdinalIgnoreCase))
        {
            _fromDomain = GatewayMessage.DomainOfHeaderAddress(header.Value);
        }
        if (_spool is null)
        {
            return;
        }
        var separator = header.LeadingSpace ? ":" : ": ";
        var line = string.Concat(header.Name, separator, header.Value, "\r\n");
        var max = Encoding.UTF8.GetMaxByteCount(line.Length);
        if (max <= 1024)
        {
            Span<byte> bytes = stackalloc byte[max];
            Spool(bytes[..Encoding.UTF8.GetBytes(line, bytes)]);
        }
        else
        {
            Spool(Encoding.UTF8.GetBytes(line));
        }
    }

    private void Spool(ReadOnlySpan<byte> bytes)
    {
        if (_spool is null)
        {
            return;
        }
        try
        {
            _spool.Append(bytes);
        }
        catch (IOException e)
        {
            // The disk is full or gone: drop the spool; end of message answers the default response.
            GatewayLog.SpoolFailed(_logger, QueueId, e.Message);
            _spool.Dispose();
            _spool = null;
        }
    }

    private void OnEndOfMessage(SessionEndOfMessage eom)
    {
        Owe();
        EnsureMessage();
        EndHeaders();
        _queueId = eom.QueueId ?? _queueId;
        _authservId = eom.AuthservId;
        _client ??= eom.Client;
        if (_spool is null && _policy.SpoolsContent)
        {
            // The spool failed (disk full or gone): the message cannot be checked.
            Answer(new StageOutcome(_policy.DefaultResponse, [], null));
            EndMessage();
            return;
        }
        if (_spool is { TooLarge: true })
        {
            var reply = _policy.TooLarge.Render(null);
            GatewayLog.TooLarge(_logger, QueueId, _spool.Length, _policy.MaxMessageSize, reply.SmtpReply ?? "");
            Answer(new StageOutcome(reply, [], null));
            EndMessage();
            return;
        }
        RunStage(GatewayStage.EndOfMessage);
    }

    private void EndMessage()
    {
        _spool?.Dispose();
        _spool = null;
        _messageOpen = false;
        _headersEnded = false;
        _messageResults.Clear();
        _recipients.Clear();
        _sender = null;
        _fromDomain = null;
        _queueId = null;
        _rcptChecked = false;
    }

    private string QueueId => _queueId ?? "NOQUEUE";

    /// <summary>As Postfix writes it: <c>name[address]</c>, <c>unknown[address]</c> when the client has no name.</summary>
    private string ClientText => _client is null ? "unknown"
        : $"{(_client.HostName.StartsWith('[') || _client.HostName.Length == 0 ? "unknown" : _client.HostName)}[{_client.AddressText}]";

    /// <summary>True when the message being handled was asked (a told message's sender is dead letters).</summary>
    private bool Asked => !ReferenceEquals(Sender, _engine.System.DeadLetters);

    /// <summary>Remembers who asked the message being handled: answered by <see cref="Answer"/>, or by <see cref="PostStop"/> if the session fails first.</summary>
    private void Owe()
    {
        if (Asked)
        {
            _replyTo = Sender;
        }
    }

    private void Answer(StageOutcome outcome)
    {
        var to = _replyTo ?? Sender;
        _replyTo = null;
        if (!ReferenceEquals(to, _engine.System.DeadLetters))
        {
            to.Tell(outcome, Self);
        }
    }
}
