using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Sift.Protocols.Spamc;

/// <summary>
/// A SPAMC/1.5 client. Each call opens one connection (spamd serves one request per
/// connection), streams the message from a <see cref="Stream"/> without buffering it,
/// and reads the answer. Thread-safe: calls may run concurrently.
/// </summary>
/// <remarks>
/// Errors: <see cref="SpamcCommandException"/> when spamd answers a non-zero EX_ code;
/// <see cref="SpamcProtocolException"/> when the connection is unusable;
/// <see cref="TimeoutException"/> when <see cref="SpamcClientOptions.Timeout"/> passes;
/// <see cref="OperationCanceledException"/> when the caller's token is cancelled.
/// </remarks>
public sealed partial class SpamcClient
{
    private const int CopyBufferSize = 64 * 1024;
    private readonly SpamcClientOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a client for the daemon in <paramref name="options"/>; <paramref name="logger"/> gets protocol events at Debug.</summary>
    public SpamcClient(SpamcClientOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Creates a client for the daemon at <paramref name="address"/> with default settings.</summary>
    public SpamcClient(string address) : this(SpamcClientOptions.For(address)) { }

    /// <summary>The settings this client uses.</summary>
    public SpamcClientOptions Options => _options;

    /// <summary>Sends <c>PING</c>; returns when spamd answers <c>PONG</c>.</summary>
    /// <exception cref="SpamcProtocolException">Unreachable, or the answer is not PONG.</exception>
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        var head = await ExchangeAsync("PING", null, null, null, null, cancellationToken).ConfigureAwait(false);
        if (!head.Head.StatusMessage.StartsWith("PONG", StringComparison.Ordinal))
            throw new SpamcProtocolException(SpamcProtocolError.MissingField, $"spamd answered PING with '{head.Head.StatusMessage}', not PONG");
    }

    /// <summary>CHECK: the verdict and score.</summary>
    public Task<SpamdResult> CheckAsync(Stream message, string? user = null, CancellationToken cancellationToken = default) =>
        ScanAsync(SpamcCommand.Check, message, user, null, cancellationToken);

    /// <summary>SYMBOLS: the verdict, score and names of the rules hit.</summary>
    public Task<SpamdResult> SymbolsAsync(Stream message, string? user = null, CancellationToken cancellationToken = default) =>
        ScanAsync(SpamcCommand.Symbols, message, user, null, cancellationToken);

    /// <summary>REPORT: the verdict, score and the report text.</summary>
    public Task<SpamdResult> ReportAsync(Stream message, string? user = null, CancellationToken cancellationToken = default) =>
        ScanAsync(SpamcCommand.Report, message, user, null, cancellationToken);

    /// <summary>REPORT_IFSPAM: the verdict, score, and the report only when the message is spam.</summary>
    public Task<SpamdResult> ReportIfSpamAsync(Stream message, string? user = null, CancellationToken cancellationToken = default) =>
        ScanAsync(SpamcCommand.ReportIfSpam, message, user, null, cancellationToken);

    /// <summary>PROCESS: the verdict and score; the rewritten message is copied to <paramref name="output"/>.</summary>
    public Task<SpamdResult> ProcessAsync(Stream message, Stream output, string? user = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        return ScanAsync(SpamcCommand.Process, message, user, output, cancellationToken);
    }

    /// <summary>
    /// Sends any scanning verb. The message is read from its current position to its end; when the
    /// stream can seek its remaining length goes in <c>Content-length</c>, otherwise the client
    /// half-closes the connection after the body. <paramref name="output"/> receives the PROCESS body.
    /// </summary>
    /// <exception cref="SpamcCommandException">spamd answered a non-zero EX_ code.</exception>
    /// <exception cref="SpamcProtocolException">The connection failed or the answer is not SPAMD.</exception>
    /// <exception cref="TimeoutException">The operation took longer than <see cref="SpamcClientOptions.Timeout"/>.</exception>
    public async Task<SpamdResult> ScanAsync(
        SpamcCommand command, Stream message, string? user = null, Stream? output = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (command == SpamcCommand.Ping) throw new ArgumentException("PING carries no message; use PingAsync", nameof(command));
        var started = Stopwatch.GetTimestamp();
        var answer = await ExchangeAsync(command.ToVerb(), message, user ?? _options.User, command, output, cancellationToken)
            .ConfigureAwait(false);
        var head = answer.Head;
        if (!head.HasSpamHeader)
            throw new SpamcProtocolException(SpamcProtocolError.MissingField, $"spamd's answer to {command.ToVerb()} has no Spam: header");
        if (_logger.IsEnabled(LogLevel.Debug))
            SpamcLog.Answered(_logger, _options.EndPoint.ToString()!, command.ToVerb(), head.IsSpam, head.Score, head.Threshold,
                (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return new SpamdResult
        {
            Command = command,
            IsSpam = head.IsSpam,
            Score = head.Score,
            Threshold = head.Threshold,
            ProtocolVersion = head.Version,
            Symbols = command == SpamcCommand.Symbols ? SpamcReader.ParseSymbols(answer.Body) : [],
            Report = command is SpamcCommand.Report or SpamcCommand.ReportIfSpam && answer.Body.Length > 0
                ? System.Text.Encoding.UTF8.GetString(answer.Body)
                : null,
            ProcessedLength = answer.ProcessedLength,
        };
    }

    /// <summary>Sends a raw verb; for tests of spamd's answer to verbs this client does not model.</summary>
    internal Task<Answer> SendRawAsync(string verb, Stream? message, CancellationToken cancellationToken) =>
        ExchangeAsync(verb, message, null, null, null, cancellationToken);

    internal readonly record struct Answer(SpamdAnswerHead Head, byte[] Body, long ProcessedLength);
}
