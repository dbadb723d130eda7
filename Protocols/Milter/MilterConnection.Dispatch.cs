using Microsoft.Extensions.Logging;

namespace Sift.Protocols.Milter;

internal sealed partial class MilterConnection
{
    /// <summary>Runs one command; false when the conversation is over.</summary>
    private async ValueTask<bool> HandleAsync(MilterPacket packet)
    {
        var code = packet.Code;
        if (!MilterStateTable.IsCommand(code))
        {
            MilterProtocolException.Throw(MilterProtocolError.UnknownCommand, $"command 0x{code:x2}");
        }
        if (!MilterStateTable.TryNext(_context.Stage, code, _context.Negotiated?.Protocol ?? MilterProtocolFlags.None, out var next))
        {
            MilterProtocolException.Throw(MilterProtocolError.UnexpectedCommand, $"'{(char)code}' in stage {_context.Stage}");
        }
        var command = (MilterCommand)code;
        Interlocked.Increment(ref _received[code]);
        switch (command)
        {
            case MilterCommand.Negotiate:
                Negotiate(packet);
                _context.Stage = next;
                await FlushAsync().ConfigureAwait(false);
                return true;
            case MilterCommand.Macro:
                MilterReader.ReadMacros(packet.Data, _context.Macros);
                return true;
            case MilterCommand.Quit:
                _context.Stage = next;
                return false;
            case MilterCommand.Abort:
                _context.Macros.ClearMessage();
                _context.Stage = next;
                await GuardAsync(command, static (h, c, _) => Continued(h.OnAbortAsync(c)), packet).ConfigureAwait(false);
                return true;
            case MilterCommand.QuitNewConnection:
                // A new SMTP session on the same connection: the negotiation stands, the rest starts over.
                await CloseHandlerAsync().ConfigureAwait(false);
                _handler = _factory();
                if (_context.Negotiated is { } agreed && _handler.Protocol is { } wanted && !MilterStateTable.Serves(agreed.Protocol, wanted))
                {
                    // The handler now needs a stage the agreement leaves out (a reloaded policy):
                    // closing makes the MTA connect and negotiate again.
                    _logger.RenegotiationNeeded(Id, _peer, agreed.Protocol, wanted);
                    return false;
                }
                _context.Macros.ClearAll();
                _context.Client = null;
                _context.Stage = next;
                return true;
        }

        MilterResponse response;
        if (command == MilterCommand.EndOfBody)
        {
            if (!packet.Data.IsEmpty)
            {
                // Protocol versions before 4 could carry the last chunk in end of body.
                await GuardAsync(MilterCommand.Body, static (h, c, p) => h.OnBodyAsync(c, p.Data), packet).ConfigureAwait(false);
            }
            _context.InEndOfMessage = true;
            try
            {
                response = await GuardAsync(command, static (h, c, _) => h.OnEndOfMessageAsync(c), packet).ConfigureAwait(false);
            }
            finally
            {
                _context.InEndOfMessage = false;
            }
            _context.Macros.ClearMessage();
        }
        else
        {
            response = await GuardAsync(command, Dispatch, packet).ConfigureAwait(false);
        }
        _context.Stage = next;
        WriteResponse(command, response);
        await FlushAsync().ConfigureAwait(false);
        return true;
    }

    private static ValueTask<MilterResponse> Dispatch(MilterHandler handler, MilterContext context, MilterPacket packet)
    {
        switch (packet.Command)
        {
            case MilterCommand.Connect:
                var client = MilterReader.ReadConnect(packet.Data);
                context.Client = client;
                return handler.OnConnectAsync(context, client);
            case MilterCommand.Helo:
                return handler.OnHeloAsync(context, MilterReader.ReadStrings(packet.Data)[0]);
            case MilterCommand.Mail:
                var mail = MilterReader.ReadStrings(packet.Data);
                return handler.OnMailFromAsync(context, mail[0], new ArraySegment<string>(mail, 1, mail.Length - 1));
            case MilterCommand.Rcpt:
                var rcpt = MilterReader.ReadStrings(packet.Data);
                return handler.OnRcptAsync(context, rcpt[0], new ArraySegment<string>(rcpt, 1, rcpt.Length - 1));
            case MilterCommand.Data:
                return handler.OnDataAsync(context);
            case MilterCommand.Header:
                var (name, value) = MilterReader.ReadHeader(packet.Data);
                return handler.OnHeaderAsync(context, name, value);
            case MilterCommand.EndOfHeaders:
                return handler.OnEndOfHeadersAsync(context);
            case MilterCommand.Body:
                return handler.OnBodyAsync(context, packet.Data);
            case MilterCommand.Unknown:
                return handler.OnUnknownAsync(context, MilterReader.ReadStrings(packet.Data)[0]);
            default:
                MilterProtocolException.Throw(MilterProtocolError.UnexpectedCommand, packet.Command.ToString());
                return default;
        }
    }

    /// <summary>
    /// Runs a callback; a callback that throws is logged and answered with the configured
    /// default, and what it buffered is dropped. Malformed packets still end the session.
    /// </summary>
    private async ValueTask<MilterResponse> GuardAsync(
        MilterCommand command, Func<MilterHandler, MilterContext, MilterPacket, ValueTask<MilterResponse>> callback, MilterPacket packet)
    {
        try
        {
            return await callback(_handler, _context, packet).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not MilterProtocolException)
        {
            _writer.Clear();
            _logger.CallbackFailed(e, command, Id, _options.DefaultResponse);
            return _options.DefaultResponse;
        }
    }

    private static async ValueTask<MilterResponse> Continued(ValueTask task)
    {
        await task.ConfigureAwait(false);
        return MilterResponse.Continue;
    }

    private void Negotiate(MilterPacket packet)
    {
        var offered = MilterReader.ReadNegotiation(packet.Data);
        if (offered.Version < 2)
        {
            MilterProtocolException.Throw(MilterProtocolError.UnsupportedVersion, $"version {offered.Version}");
        }
        var wanted = _options.Actions | (_options.Macros is null ? MilterActions.None : MilterActions.SetMacroList);
        if ((wanted & ~offered.Actions) is var missing and not MilterActions.None)
        {
            _logger.ActionsNotOffered(Id, missing);
        }
        var protocol = _handler.Protocol ?? _options.Protocol;
        if (_handler.Protocol is null && _options.LeaveOutUnusedStages)
        {
            protocol |= MilterHandlerStages.NotOverridden(_handler.GetType());
        }
        var agreed = new MilterNegotiation(
            Math.Min(offered.Version, MilterNegotiation.CurrentVersion),
            wanted & offered.Actions,
            protocol & offered.Protocol,
            (offered.Actions & MilterActions.SetMacroList) != 0 ? _options.Macros : null);
        _context.Offered = offered;
        _context.Negotiated = agreed;
        _writer.WriteNegotiation(agreed);
    }

    private void WriteResponse(MilterCommand command, MilterResponse response)
    {
        var protocol = _context.Negotiated?.Protocol ?? MilterProtocolFlags.None;
        var noReply = MilterStateTable.NoReplyFlag(command);
        if (noReply != MilterProtocolFlags.None && (protocol & noReply) != 0)
        {
            return;
        }
        switch (response.Kind)
        {
            case MilterResponseKind.Reply:
                _writer.WriteReplyCode(response.SmtpReply!);
                break;
            case MilterResponseKind.Skip:
                var canSkip = command == MilterCommand.Body && (protocol & MilterProtocolFlags.Skip) != 0;
                _writer.WriteReply(canSkip ? MilterReplyCode.Skip : MilterReplyCode.Continue);
                break;
            default:
                _writer.WriteReply(response.Kind switch
                {
                    MilterResponseKind.Accept => MilterReplyCode.Accept,
                    MilterResponseKind.Reject => MilterReplyCode.Reject,
                    MilterResponseKind.TempFail => MilterReplyCode.TempFail,
                    MilterResponseKind.Discard => MilterReplyCode.Discard,
                    _ => MilterReplyCode.Continue,
                });
                break;
        }
    }
}
