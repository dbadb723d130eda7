namespace Sift.Protocols.Milter;

/// <summary>
/// What a <see cref="MilterHandler"/> knows about its connection: the macros, the negotiated
/// options, the client; and, during <see cref="MilterHandler.OnEndOfMessageAsync"/>, the
/// message modifications. Modifications are buffered and leave with the final reply in one write.
/// </summary>
public sealed class MilterContext
{
    private readonly MilterWriter _writer;
    private readonly Func<ValueTask> _flush;

    internal MilterContext(MilterWriter writer, Func<ValueTask> flush, CancellationToken closed)
    {
        _writer = writer;
        _flush = flush;
        Closed = closed;
    }

    /// <summary>Macros the MTA sent (<c>context.Macros["i"]</c> for the queue id).</summary>
    public MilterMacros Macros { get; } = new();

    /// <summary>What the MTA offered in option negotiation (null before it).</summary>
    public MilterNegotiation? Offered { get; internal set; }

    /// <summary>What was agreed: the version, the actions the handler may use, the protocol flags in force.</summary>
    public MilterNegotiation? Negotiated { get; internal set; }

    /// <summary>The SMTP client, once the connect command arrived.</summary>
    public MilterConnectInfo? Client { get; internal set; }

    /// <summary>Where the conversation was when the command being handled arrived (its stage is entered once the callback answers).</summary>
    public MilterStage Stage { get; internal set; }

    /// <summary>Fires when the connection closes or the server stops; pass it to slow work.</summary>
    public CancellationToken Closed { get; }

    /// <summary>True when header values carry their leading space (<c>SMFIP_HDR_LEADSPC</c>), both ways.</summary>
    public bool HeaderLeadingSpace => (Negotiated?.Protocol & MilterProtocolFlags.HeaderLeadingSpace) != 0;

    internal bool InEndOfMessage { get; set; }

    /// <summary>Appends a header (<c>SMFIR_ADDHEADER</c>; needs <see cref="MilterActions.AddHeaders"/>).</summary>
    /// <exception cref="InvalidOperationException">Outside end of message, or the action was not negotiated.</exception>
    public void AddHeader(string name, string value)
    {
        Check(MilterActions.AddHeaders);
        _writer.WriteStrings((byte)MilterReplyCode.AddHeader, name, value);
    }

    /// <summary>Inserts a header at <paramref name="index"/> (0 = first; <c>SMFIR_INSHEADER</c>; needs <see cref="MilterActions.AddHeaders"/>).</summary>
    /// <exception cref="InvalidOperationException">Outside end of message, or the action was not negotiated.</exception>
    public void InsertHeader(int index, string name, string value)
    {
        Check(MilterActions.AddHeaders);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        _writer.WriteIndexedHeader(MilterReplyCode.InsertHeader, (uint)index, name, value);
    }

    /// <summary>
    /// Changes the <paramref name="occurrence"/>-th (1-based) header called <paramref name="name"/>;
    /// a null or empty value deletes it (<c>SMFIR_CHGHEADER</c>; needs <see cref="MilterActions.ChangeHeaders"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">Outside end of message, or the action was not negotiated.</exception>
    public void ChangeHeader(string name, int occurrence, string? value)
    {
        Check(MilterActions.ChangeHeaders);
        ArgumentOutOfRangeException.ThrowIfLessThan(occurrence, 1);
        _writer.WriteIndexedHeader(MilterReplyCode.ChangeHeader, (uint)occurrence, name, value ?? "");
    }

    /// <summary>
    /// Adds an envelope recipient (<c>SMFIR_ADDRCPT</c>, needs <see cref="MilterActions.AddRecipients"/>), or with
    /// ESMTP arguments (<c>SMFIR_ADDRCPT_PAR</c>, needs <see cref="MilterActions.AddRecipientsWithArgs"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">Outside end of message, or the action was not negotiated.</exception>
    public void AddRecipient(string recipient, string? esmtpArguments = null)
    {
        if (esmtpArguments is null)
        {
            Check(MilterActions.AddRecipients);
            _writer.WriteStrings((byte)MilterReplyCode.AddRecipient, recipient);
        }
        else
        {
            Check(MilterActions.AddRecipientsWithArgs);
            _writer.WriteStrings((byte)MilterReplyCode.AddRecipientWithArgs, recipient, esmtpArguments);
        }
    }

    /// <summary>Removes an envelope recipient (<c>SMFIR_DELRCPT</c>; needs <see cref="MilterActions.DeleteRecipients"/>).</summary>
    /// <exception cref="InvalidOperationException">Outside end of message, or the action was not negotiated.</exception>
    public void DeleteRecipient(string recipient)
    {
        Check(MilterActions.DeleteRecipients);
        _writer.WriteStrings((byte)MilterReplyCode.DeleteRecipient, recipient);
    }

    /// <summary>
    /// Replaces the body (<c>SMFIR_REPLBODY</c>, sent in chunks of at most 65535 bytes; CRLF line
    /// ends; needs <see cref="MilterActions.ChangeBody"/>). Call it more than once to append.
    /// </summary>
    /// <exception cref="InvalidOperationException">Outside end of message, or the action was not negotiated.</exception>
    public void ReplaceBody(ReadOnlySpan<byte> body)
    {
        Check(MilterActions.ChangeBody);
        _writer.WriteReplaceBody(body);
    }

    /// <summary>Replaces the envelope sender (<c>SMFIR_CHGFROM</c>; needs <see cref="MilterActions.ChangeFrom"/>).</summary>
    /// <exception cref="InvalidOperationException">Outside end of message, or the action was not negotiated.</exception>
    public void ChangeFrom(string sender, string? esmtpArguments = null)
    {
        Check(MilterActions.ChangeFrom);
        _writer.WriteStrings((byte)MilterReplyCode.ChangeFrom, sender, esmtpArguments);
    }

    /// <summary>Quarantines the message with a reason (<c>SMFIR_QUARANTINE</c>; needs <see cref="MilterActions.Quarantine"/>).</summary>
    /// <exception cref="InvalidOperationException">Outside end of message, or the action was not negotiated.</exception>
    public void Quarantine(string reason)
    {
        Check(MilterActions.Quarantine);
        _writer.WriteStrings((byte)MilterReplyCode.Quarantine, reason);
    }

    /// <summary>
    /// Tells the MTA the milter is still working (<c>SMFIR_PROGRESS</c>), restarting its timeout.
    /// Sends at once, together with any modifications buffered so far.
    /// </summary>
    /// <exception cref="InvalidOperationException">Outside end of message.</exception>
    public ValueTask SendProgressAsync()
    {
        if (!InEndOfMessage)
        {
            throw new InvalidOperationException("Progress can only be sent during end of message.");
        }
        _writer.WriteReply(MilterReplyCode.Progress);
        return _flush();
    }

    private void Check(MilterActions action)
    {
        if (!InEndOfMessage)
        {
            throw new InvalidOperationException("Message modifications are only allowed during end of message.");
        }
        if ((Negotiated?.Actions & action) != action)
        {
            throw new InvalidOperationException($"The action {action} was not negotiated: add it to MilterServerOptions.Actions.");
        }
    }
}
