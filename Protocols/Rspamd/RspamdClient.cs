using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Sift.Protocols.Rspamd;

/// <summary>
/// An rspamd client: <c>POST /checkv2</c> with the envelope as headers and the message streamed
/// as the body, over pooled keep-alive HTTP/1.1 connections (TCP or a unix socket). Never uses
/// a proxy. Thread-safe; create one per rspamd and keep it.
/// </summary>
/// <remarks>
/// Errors: <see cref="RspamdCommandException"/> for a non-200 answer;
/// <see cref="RspamdProtocolException"/> when rspamd is unreachable, the connection breaks or the
/// JSON is invalid; <see cref="TimeoutException"/> when <see cref="RspamdClientOptions.Timeout"/>
/// passes; <see cref="OperationCanceledException"/> when the caller's token is cancelled.
/// </remarks>
public sealed class RspamdClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly RspamdClientOptions _options;
    private readonly Uri _checkUri;
    private readonly Uri _pingUri;
    private readonly ILogger _logger;

    /// <summary>Creates a client for the rspamd in <paramref name="options"/>; <paramref name="logger"/> gets protocol events at Debug.</summary>
    /// <exception cref="FormatException">The address is neither an http URL nor <c>unix:/path</c>.</exception>
    public RspamdClient(RspamdClientOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            Proxy = null,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = Math.Max(1, options.MaxConnections),
            PooledConnectionLifetime = options.PooledConnectionLifetime,
            PooledConnectionIdleTimeout = options.PooledConnectionIdleTimeout,
            ConnectTimeout = options.Timeout,
            Expect100ContinueTimeout = TimeSpan.Zero,
        };
        Uri baseUri;
        if (options.Address.StartsWith("unix:", StringComparison.Ordinal))
        {
            var path = options.Address[5..];
            if (path.Length == 0) throw new FormatException($"'{options.Address}': no socket path");
            var endPoint = new UnixDomainSocketEndPoint(path);
            handler.ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(endPoint, token).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
            baseUri = new Uri("http://localhost/");
        }
        else if (!Uri.TryCreate(options.Address, UriKind.Absolute, out baseUri!) || baseUri.Scheme is not ("http" or "https"))
        {
            throw new FormatException($"'{options.Address}': expected http://host:port or unix:/path");
        }
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestVersion = HttpVersion.Version11;
        _http.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        _checkUri = new Uri(baseUri, options.CheckPath);
        _pingUri = new Uri(baseUri, "/ping");
    }

    /// <summary>Creates a client for the rspamd at <paramref name="address"/> with default settings.</summary>
    public RspamdClient(string address) : this(new RspamdClientOptions { Address = address }) { }

    /// <summary>The settings this client uses.</summary>
    public RspamdClientOptions Options => _options;

    /// <summary>Asks <c>/ping</c>; returns when rspamd answers <c>pong</c>.</summary>
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _pingUri);
        var body = await SendAsync(request, "ping", cancellationToken).ConfigureAwait(false);
        if (!body.AsSpan().StartsWith("pong"u8))
            throw new RspamdProtocolException(RspamdProtocolError.BadAnswer, "rspamd answered /ping without 'pong'");
    }

    /// <summary>
    /// Scans the message read from <paramref name="message"/> (current position to end; streamed,
    /// never buffered whole) with the envelope in <paramref name="envelope"/>.
    /// </summary>
    /// <exception cref="RspamdCommandException">rspamd answered a status other than 200.</exception>
    /// <exception cref="RspamdProtocolException">rspamd is unreachable, the connection broke, or the answer is not its JSON.</exception>
    /// <exception cref="TimeoutException">The scan took longer than <see cref="RspamdClientOptions.Timeout"/>.</exception>
    public async Task<RspamdResult> CheckAsync(Stream message, RspamdEnvelope? envelope = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var request = new HttpRequestMessage(HttpMethod.Post, _checkUri);
        RspamdWriter.WriteEnvelope(request.Headers, envelope ?? RspamdEnvelope.Empty);
        if (_options.Password is { } password) request.Headers.TryAddWithoutValidation("Password", password);
        var content = new StreamContent(new NonDisposingStream(message), 64 * 1024);
        if (message.CanSeek) content.Headers.ContentLength = Math.Max(0, message.Length - message.Position);
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        request.Content = content;

        var body = await SendAsync(request, "scan", cancellationToken).ConfigureAwait(false);
        if (!RspamdReader.TryReadCheck(body, out var result, out var error))
        {
            RspamdLog.Failed(_logger, _options.Address, "scan", error ?? "bad answer");
            throw new RspamdProtocolException(RspamdProtocolError.BadAnswer, $"rspamd's answer is not a scan result: {error}");
        }
        RspamdLog.Answered(_logger, _options.Address, result!.ActionName, result.Score, result.RequiredScore);
        return result;
    }

    private async Task<byte[]> SendAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var body = await ReadBodyAsync(response.Content, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
                throw new RspamdCommandException((int)response.StatusCode, response.ReasonPhrase ?? "", RspamdReader.TryReadError(body));
            return body;
        }
        catch (RspamdCommandException e)
        {
            RspamdLog.Failed(_logger, _options.Address, what, e.Message);
            throw;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            RspamdLog.Failed(_logger, _options.Address, what, "timed out");
            throw new TimeoutException($"rspamd at {_options.Address} did not answer the {what} within {_options.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            var error = e.HttpRequestError switch
            {
                HttpRequestError.ConnectionError when e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.AddressNotAvailable }
                    => RspamdProtocolError.Unreachable,
                HttpRequestError.NameResolutionError => RspamdProtocolError.Unreachable,
                HttpRequestError.InvalidResponse => RspamdProtocolError.BadAnswer,
                HttpRequestError.ConfigurationLimitExceeded => RspamdProtocolError.TooLarge,
                _ => RspamdProtocolError.ConnectionLost,
            };
            RspamdLog.Failed(_logger, _options.Address, what, e.Message);
            throw new RspamdProtocolException(error, $"rspamd at {_options.Address}: the {what} failed ({e.HttpRequestError}): {e.Message}", e);
        }
        catch (IOException e)
        {
            RspamdLog.Failed(_logger, _options.Address, what, e.Message);
            throw new RspamdProtocolException(RspamdProtocolError.ConnectionLost, $"rspamd at {_options.Address}: the connection broke during the {what}: {e.Message}", e);
        }
    }

    private async Task<byte[]> ReadBodyAsync(HttpContent content, CancellationToken token)
    {
        var max = _options.MaxAnswerLength;
        if (content.Headers.ContentLength > max)
            throw new RspamdProtocolException(RspamdProtocolError.TooLarge, $"rspamd's answer is larger than {max} bytes");
        var stream = await content.ReadAsStreamAsync(token).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var collected = new MemoryStream((int)Math.Min(content.Headers.ContentLength ?? 4096, max));
            var scratch = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(scratch, token).ConfigureAwait(false)) > 0)
            {
                if (collected.Length + read > max)
                    throw new RspamdProtocolException(RspamdProtocolError.TooLarge, $"rspamd's answer is larger than {max} bytes");
                collected.Write(scratch, 0, read);
            }
            return collected.ToArray();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
