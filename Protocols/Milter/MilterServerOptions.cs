namespace Sift.Protocols.Milter;

/// <summary>How a <see cref="MilterServer"/> listens, what it negotiates and its limits.</summary>
public sealed class MilterServerOptions
{
    /// <summary>
    /// Where to listen, as sendmail writes it: <c>local:/path</c> (or <c>unix:</c>),
    /// <c>inet:port@host</c>, <c>inet6:port@host</c>; without a host, loopback.
    /// </summary>
    public string Listen { get; set; } = "inet:8890";

    /// <summary>File mode of a <c>local:</c> socket (e.g. 0660 so that the MTA's group can connect); null leaves the umask's.</summary>
    public UnixFileMode? SocketMode { get; set; }

    /// <summary>Modifications the handler needs (<c>SMFIF_*</c>); the agreed set is what the MTA also offers.</summary>
    public MilterActions Actions { get; set; }

    /// <summary>Stages to leave out and stages to answer without a reply (<c>SMFIP_*</c>); only those the MTA offers are used.</summary>
    public MilterProtocolFlags Protocol { get; set; }

    /// <summary>
    /// Ask the MTA to leave out the stages the handler does not override (<c>NoConnect</c>,
    /// <c>NoHeaders</c>, <c>NoBody</c>, …), as Sendmail::PMilter does for callbacks not registered:
    /// fewer round trips per message. Off by default: macros of a left-out stage arrive with the next
    /// stage sent.
    /// </summary>
    public bool LeaveOutUnusedStages { get; set; }

    /// <summary>Macros to ask for, per stage, as space-separated names (<c>"{auth_authen} i"</c>); sent when the MTA offers <c>SMFIF_SETSYMLIST</c>.</summary>
    public IReadOnlyDictionary<MilterMacroStage, string>? Macros { get; set; }

    /// <summary>Simultaneous connections; one more is answered tempfail at once and closed (Sendmail::PMilter's MAXCHILDREN).</summary>
    public int MaxConnections { get; set; } = 1000;

    /// <summary>Commands read on one connection before it is answered tempfail and closed (a bound, not a quota: high by default).</summary>
    public long MaxRequestsPerConnection { get; set; } = 1_000_000;

    /// <summary>
    /// How long to wait for the next command from the MTA before closing (libmilter's default is
    /// 7210 s); <see cref="Timeout.InfiniteTimeSpan"/> waits without end. One periodic sweep per
    /// server closes the sessions past it (every eighth of the timeout, at least every 10 ms and at
    /// most every second), so a session goes at most that much later than the timeout.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(7210);

    /// <summary>The clock of <see cref="CommandTimeout"/> and its sweep (a virtual one in tests).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>On stop, how long sessions may go on before the rest are answered tempfail and closed.</summary>
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The answer when a callback throws (libmilter's default action is tempfail).</summary>
    public MilterResponse DefaultResponse { get; set; } = MilterResponse.TempFail;

    /// <summary>Largest packet data accepted (after the command byte); larger ends the session. 65535 is libmilter's default.</summary>
    public int MaxPacketDataLength { get; set; } = 65535;

    /// <summary>Listen backlog.</summary>
    public int Backlog { get; set; } = 512;
}
