using Sift.Protocols.Milter;

namespace Sift.Engine.Milter;

/// <summary>
/// What the gateway asks of the MTA at negotiation, as data: each milter stage, the gateway stage
/// whose checks it starts and the inputs it delivers. A stage is sent when checks run there or a
/// configured check reads what it delivers; it is answered only when checks run there; every other
/// stage is left out (<c>SMFIP_NO*</c>) or sent without waiting for a reply (<c>SMFIP_NR_*</c>).
/// Fewer packets and no round trip per stage for the MTA; end of message is always sent, for the
/// verdict and the headers.
/// </summary>
public static class GatewayProtocol
{
    private static readonly (MilterProtocolFlags LeaveOut, MilterProtocolFlags NoReply, GatewayStage? Stage, SessionInputs Delivers)[] Stages =
    [
        (MilterProtocolFlags.NoConnect,      MilterProtocolFlags.NoReplyConnect,      GatewayStage.Connect, SessionInputs.Client),
        (MilterProtocolFlags.NoHelo,         MilterProtocolFlags.NoReplyHelo,         GatewayStage.Helo,    SessionInputs.Helo),
        (MilterProtocolFlags.NoMail,         MilterProtocolFlags.NoReplyMail,         GatewayStage.Mail,    SessionInputs.Sender),
        (MilterProtocolFlags.NoRcpt,         MilterProtocolFlags.NoReplyRcpt,         GatewayStage.Rcpt,    SessionInputs.Recipients | SessionInputs.AllRecipients),
        (MilterProtocolFlags.NoData,         MilterProtocolFlags.NoReplyData,         GatewayStage.Data,    SessionInputs.None),
        (MilterProtocolFlags.NoHeaders,      MilterProtocolFlags.NoReplyHeader,       null,                 SessionInputs.Headers | SessionInputs.Content),
        // The empty line after the headers is spooled when the body or end of message comes.
        (MilterProtocolFlags.NoEndOfHeaders, MilterProtocolFlags.NoReplyEndOfHeaders, null,                 SessionInputs.None),
        (MilterProtocolFlags.NoBody,         MilterProtocolFlags.NoReplyBody,         null,                 SessionInputs.Content),
        (MilterProtocolFlags.NoUnknown,      MilterProtocolFlags.NoReplyUnknown,      null,                 SessionInputs.None),
    ];

    /// <summary>The protocol flags for checks that read <paramref name="inputs"/> and run at the stages <paramref name="hasChecks"/> names.</summary>
    public static MilterProtocolFlags For(SessionInputs inputs, Func<GatewayStage, bool> hasChecks)
    {
        ArgumentNullException.ThrowIfNull(hasChecks);
        var flags = MilterProtocolFlags.None;
        foreach (var (leaveOut, noReply, stage, delivers) in Stages)
        {
            var answered = stage is { } s && hasChecks(s);
            if (answered)
            {
                continue;
            }
            flags |= (delivers & inputs) != 0 ? noReply : leaveOut;
        }
        return flags;
    }
}
