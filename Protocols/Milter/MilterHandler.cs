using System.Buffers;

namespace Sift.Protocols.Milter;

/// <summary>
/// A milter's callbacks, one instance per MTA connection (made by the server's factory), called
/// one at a time in protocol order. Override the stages you need; the others answer
/// <see cref="MilterResponse.Continue"/>. Ask the MTA to leave out stages you do not need with
/// <see cref="MilterServerOptions.Protocol"/> (<c>NoConnect</c>, <c>NoHeaders</c>, …) and to
/// expect no reply with the <c>NoReply*</c> flags. A callback that throws is logged and answered
/// with <see cref="MilterServerOptions.DefaultResponse"/>.
/// </summary>
public abstract class MilterHandler
{
    private static readonly ValueTask<MilterResponse> ContinueTask = new(MilterResponse.Continue);

    /// <summary>
    /// The protocol steps this connection asks of the MTA at negotiation: stages to leave out
    /// (<c>NoConnect</c>, <c>NoHeaders</c>, …) and stages to send without waiting for a reply
    /// (<c>NoReply*</c>). Null (the default) takes <see cref="MilterServerOptions.Protocol"/> (and
    /// <see cref="MilterServerOptions.LeaveOutUnusedStages"/>). Only flags the MTA offers are agreed,
    /// so a handler must still take any stage the MTA sends. Asked once per MTA connection; after a
    /// quit-new-connection the new handler must need no stage the agreement leaves out or unanswered,
    /// or the connection is closed so that the MTA negotiates again.
    /// </summary>
    public virtual MilterProtocolFlags? Protocol => null;

    /// <summary>The SMTP client connected to the MTA.</summary>
    public virtual ValueTask<MilterResponse> OnConnectAsync(MilterContext context, MilterConnectInfo client) => ContinueTask;

    /// <summary>HELO/EHLO with its argument.</summary>
    public virtual ValueTask<MilterResponse> OnHeloAsync(MilterContext context, string helo) => ContinueTask;

    /// <summary>MAIL FROM: the address (with its angle brackets, as the MTA sends it) and ESMTP arguments.</summary>
    public virtual ValueTask<MilterResponse> OnMailFromAsync(MilterContext context, string sender, IReadOnlyList<string> arguments) => ContinueTask;

    /// <summary>RCPT TO: the address and ESMTP arguments.</summary>
    public virtual ValueTask<MilterResponse> OnRcptAsync(MilterContext context, string recipient, IReadOnlyList<string> arguments) => ContinueTask;

    /// <summary>The DATA command.</summary>
    public virtual ValueTask<MilterResponse> OnDataAsync(MilterContext context) => ContinueTask;

    /// <summary>
    /// One header. Without <see cref="MilterProtocolFlags.HeaderLeadingSpace"/> the MTA has
    /// removed the space after the colon; with it the value is exactly as received.
    /// </summary>
    public virtual ValueTask<MilterResponse> OnHeaderAsync(MilterContext context, string name, string value) => ContinueTask;

    /// <summary>End of the headers.</summary>
    public virtual ValueTask<MilterResponse> OnEndOfHeadersAsync(MilterContext context) => ContinueTask;

    /// <summary>
    /// One body chunk (at most 65535 bytes, CRLF line ends). The bytes are valid until the
    /// returned task completes; copy what you keep.
    /// </summary>
    public virtual ValueTask<MilterResponse> OnBodyAsync(MilterContext context, ReadOnlySequence<byte> chunk) => ContinueTask;

    /// <summary>
    /// End of the message: the only stage where the <see cref="MilterContext"/> modification
    /// methods (add/insert/change header, add/delete recipient, replace body, change from,
    /// quarantine) may be called.
    /// </summary>
    public virtual ValueTask<MilterResponse> OnEndOfMessageAsync(MilterContext context) => ContinueTask;

    /// <summary>An SMTP command the MTA does not know.</summary>
    public virtual ValueTask<MilterResponse> OnUnknownAsync(MilterContext context, string command) => ContinueTask;

    /// <summary>The current message was abandoned (RSET, a rejected stage, a lost client); the connection goes on. No reply.</summary>
    public virtual ValueTask OnAbortAsync(MilterContext context) => ValueTask.CompletedTask;

    /// <summary>The SMTP session ended (quit, quit-new-connection, a broken or timed-out connection). Always called once.</summary>
    public virtual ValueTask OnCloseAsync(MilterContext context) => ValueTask.CompletedTask;
}
