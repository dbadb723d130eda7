namespace Sift.Protocols.Spamc;

/// <summary>The SPAMC/1.5 verbs this client sends.</summary>
public enum SpamcCommand
{
    /// <summary><c>PING</c>: is spamd alive? Answered by <c>PONG</c>; sends no message.</summary>
    Ping,
    /// <summary><c>CHECK</c>: the verdict and score only.</summary>
    Check,
    /// <summary><c>SYMBOLS</c>: the verdict and the comma-separated names of the rules hit.</summary>
    Symbols,
    /// <summary><c>REPORT</c>: the verdict and the human-readable report.</summary>
    Report,
    /// <summary><c>REPORT_IFSPAM</c>: the verdict, and the report only when the message is spam.</summary>
    ReportIfSpam,
    /// <summary><c>PROCESS</c>: the verdict and the whole message as SpamAssassin rewrote it.</summary>
    Process,
}

/// <summary>Wire names of <see cref="SpamcCommand"/>.</summary>
public static class SpamcCommandNames
{
    /// <summary>The verb as spamd expects it on the request line.</summary>
    public static string ToVerb(this SpamcCommand command) => command switch
    {
        SpamcCommand.Ping => "PING",
        SpamcCommand.Check => "CHECK",
        SpamcCommand.Symbols => "SYMBOLS",
        SpamcCommand.Report => "REPORT",
        SpamcCommand.ReportIfSpam => "REPORT_IFSPAM",
        SpamcCommand.Process => "PROCESS",
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "not a SPAMC verb"),
    };
}
