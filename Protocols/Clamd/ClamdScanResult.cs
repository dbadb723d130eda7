namespace Sift.Protocols.Clamd;

/// <summary>The outcome of one scan as clamd reported it.</summary>
public enum ClamdScanStatus
{
    /// <summary><c>…: OK</c> — nothing found.</summary>
    Clean,
    /// <summary><c>…: Name FOUND</c>.</summary>
    Virus,
    /// <summary><c>… ERROR</c> — clamd could not scan (unreadable file, engine error…).</summary>
    Error,
    /// <summary><c>INSTREAM size limit exceeded. ERROR</c> — the stream passed StreamMaxLength.</summary>
    SizeLimitExceeded,
}

/// <summary>One scan's answer: a value, never an exception.</summary>
/// <param name="Status">Clean, virus, error or size limit.</param>
/// <param name="VirusName">The signature's name when <paramref name="Status"/> is <see cref="ClamdScanStatus.Virus"/>
/// (as clamd says it, e.g. <c>Eicar-Signature</c> or <c>Name.UNOFFICIAL</c>).</param>
/// <param name="ErrorText">clamd's error text without the trailing <c> ERROR</c>, for the error statuses.</param>
/// <param name="Reply">The whole reply, without its NUL terminator.</param>
public sealed record ClamdScanResult(ClamdScanStatus Status, string? VirusName, string? ErrorText, string Reply)
{
    /// <summary>True when a signature matched.</summary>
    public bool IsVirus => Status == ClamdScanStatus.Virus;

    /// <summary>True when clamd scanned the content and found nothing.</summary>
    public bool IsClean => Status == ClamdScanStatus.Clean;
}
