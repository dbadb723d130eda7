namespace Sift.Protocols.Milter;

/// <summary>
/// Which commands each stage accepts and where each leads, as data (one screen). Commands left
/// out by <c>SMFIP_NO*</c> flags are simply skipped by the MTA, so later stages are reachable
/// from earlier ones. Macro and unknown commands keep the stage; abort goes back to
/// <see cref="MilterStage.Helo"/>; quit-new-connection starts a new SMTP session.
/// </summary>
public static class MilterStateTable
{
    private const MilterStage Invalid = (MilterStage)0xff;

    private static readonly (MilterStage From, string Commands, MilterStage To)[] Transitions =
    [
        (MilterStage.Negotiate, "O",       MilterStage.Connect),
        (MilterStage.Negotiate, "Q",       MilterStage.Closed),
        (MilterStage.Connect,   "C",       MilterStage.Helo),
        (MilterStage.Connect,   "H",       MilterStage.Helo),
        (MilterStage.Connect,   "M",       MilterStage.Mail),
        (MilterStage.Helo,      "H",       MilterStage.Helo),
        (MilterStage.Helo,      "M",       MilterStage.Mail),
        (MilterStage.Mail,      "M",       MilterStage.Mail),
        (MilterStage.Mail,      "R",       MilterStage.Rcpt),
        (MilterStage.Mail,      "T",       MilterStage.Data),
        (MilterStage.Mail,      "L",       MilterStage.Headers),
        (MilterStage.Mail,      "NB",      MilterStage.Body),
        (MilterStage.Rcpt,      "R",       MilterStage.Rcpt),
        (MilterStage.Rcpt,      "T",       MilterStage.Data),
        (MilterStage.Rcpt,      "L",       MilterStage.Headers),
        (MilterStage.Rcpt,      "NB",      MilterStage.Body),
        (MilterStage.Data,      "L",       MilterStage.Headers),
        (MilterStage.Data,      "NB",      MilterStage.Body),
        (MilterStage.Headers,   "L",       MilterStage.Headers),
        (MilterStage.Headers,   "NB",      MilterStage.Body),
        (MilterStage.Body,      "B",       MilterStage.Body),
        // End of body ends the message from any stage of it.
        (MilterStage.Mail,      "E",       MilterStage.Helo),
        (MilterStage.Rcpt,      "E",       MilterStage.Helo),
        (MilterStage.Data,      "E",       MilterStage.Helo),
        (MilterStage.Headers,   "E",       MilterStage.Helo),
        (MilterStage.Body,      "E",       MilterStage.Helo),
    ];

    /// <summary>Commands every stage after negotiation accepts, and the stage they lead to (null: stay).</summary>
    private static readonly (char Command, MilterStage? To)[] Anywhere =
    [
        ('D', null),
        ('U', null),
        ('A', MilterStage.Helo),
        ('Q', MilterStage.Closed),
        ('K', MilterStage.Connect),
    ];

    /// <summary>The message commands in protocol order, the stage each leads to, and the flag that leaves it out.</summary>
    private static readonly (char Command, MilterStage To, MilterProtocolFlags LeftOutBy)[] Order =
    [
        ('C', MilterStage.Helo, MilterProtocolFlags.NoConnect),
        ('H', MilterStage.Helo, MilterProtocolFlags.NoHelo),
        ('M', MilterStage.Mail, MilterProtocolFlags.NoMail),
        ('R', MilterStage.Rcpt, MilterProtocolFlags.NoRcpt),
        ('T', MilterStage.Data, MilterProtocolFlags.NoData),
        ('L', MilterStage.Headers, MilterProtocolFlags.NoHeaders),
        ('N', MilterStage.Body, MilterProtocolFlags.NoEndOfHeaders),
        ('B', MilterStage.Body, MilterProtocolFlags.NoBody),
        ('E', MilterStage.Helo, MilterProtocolFlags.None),
    ];

    /// <summary>Per stage, the index in <see cref="Order"/> of the first command still to come.</summary>
    private static readonly int[] Position = [-1, 0, 2, 3, 4, 5, 6, 8, -1];

    private static readonly MilterStage[] Next = Build();

    /// <summary>True when <paramref name="code"/> is a command an MTA may send.</summary>
    public static bool IsCommand(byte code) => Enum.IsDefined((MilterCommand)code);

    /// <summary>The stage after <paramref name="command"/> in <paramref name="stage"/>, or false when it is not allowed there.</summary>
    public static bool TryNext(MilterStage stage, byte command, out MilterStage next)
    {
        next = command < 128 && stage < MilterStage.Closed ? Next[(int)stage * 128 + command] : Invalid;
        return next != Invalid;
    }

    /// <summary>
    /// Like <see cref="TryNext(MilterStage, byte, out MilterStage)"/>, and also lets a command jump
    /// forward over stages the negotiated <paramref name="protocol"/> leaves out (with
    /// <c>NoConnect | NoHelo</c> a connection may start with MAIL).
    /// </summary>
    public static bool TryNext(MilterStage stage, byte command, MilterProtocolFlags protocol, out MilterStage next)
    {
        if (TryNext(stage, command, out next))
        {
            return true;
        }
        var from = Position[(int)Math.Min((uint)stage, (uint)MilterStage.Closed)];
        var to = Array.FindIndex(Order, o => o.Command == command);
        if (from < 0 || to < from)
        {
            return false;
        }
        for (var i = from; i < to; i++)
        {
            if ((protocol & Order[i].LeftOutBy) == 0)
            {
                return false;
            }
        }
        next = Order[to].To;
        return true;
    }

    /// <summary>
    /// True when an <paramref name="agreed"/> protocol serves a handler that asks for
    /// <paramref name="wanted"/>: every stage the handler needs is sent, and answered where the
    /// handler answers it.
    /// </summary>
    public static bool Serves(MilterProtocolFlags agreed, MilterProtocolFlags wanted)
    {
        foreach (var (command, _, leftOutBy) in Order)
        {
            if (!Serves(agreed, wanted, leftOutBy, NoReplyFlag((MilterCommand)command)))
            {
                return false;
            }
        }
        return Serves(agreed, wanted, MilterProtocolFlags.NoUnknown, MilterProtocolFlags.NoReplyUnknown);
    }

    private static bool Serves(MilterProtocolFlags agreed, MilterProtocolFlags wanted, MilterProtocolFlags leaveOut, MilterProtocolFlags noReply) =>
        (wanted & leaveOut) != 0 || ((agreed & leaveOut) == 0 && ((agreed & noReply) == 0 || (wanted & noReply) != 0));

    /// <summary>The no-reply flag that silences the answer to <paramref name="command"/>, or None.</summary>
    public static MilterProtocolFlags NoReplyFlag(MilterCommand command) => command switch
    {
        MilterCommand.Connect => MilterProtocolFlags.NoReplyConnect,
        MilterCommand.Helo => MilterProtocolFlags.NoReplyHelo,
        MilterCommand.Mail => MilterProtocolFlags.NoReplyMail,
        MilterCommand.Rcpt => MilterProtocolFlags.NoReplyRcpt,
        MilterCommand.Data => MilterProtocolFlags.NoReplyData,
        MilterCommand.Header => MilterProtocolFlags.NoReplyHeader,
        MilterCommand.EndOfHeaders => MilterProtocolFlags.NoReplyEndOfHeaders,
        MilterCommand.Body => MilterProtocolFlags.NoReplyBody,
        MilterCommand.Unknown => MilterProtocolFlags.NoReplyUnknown,
        _ => MilterProtocolFlags.None,
    };

    private static MilterStage[] Build()
    {
        var next = new MilterStage[(int)MilterStage.Closed * 128];
        Array.Fill(next, Invalid);
        foreach (var (from, commands, to) in Transitions)
        {
            foreach (var c in commands) { next[(int)from * 128 + c] = to; }
        }
        for (var stage = MilterStage.Connect; stage < MilterStage.Closed; stage++)
        {
            foreach (var (c, to) in Anywhere) { next[(int)stage * 128 + c] = to ?? stage; }
        }
        return next;
    }
}
