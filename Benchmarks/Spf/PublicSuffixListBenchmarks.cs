using BenchmarkDotNet.Attributes;
using Sift.Protocols.Dmarc;

namespace Sift.Benchmarks.Spf;

/// <summary>
/// Organisational-domain lookups per second: the hashed label-by-label algorithm against a
/// naive scan of every rule (the baseline), over the same names and the same list.
/// </summary>
[Config(typeof(ShortInProcessConfig))]
public class PublicSuffixListBenchmarks
{
    private static readonly string[] Names =
    [
        "mail.example.co.uk", "a.b.c.example.com", "www.city.kobe.jp", "x.y.z.host.blogspot.com",
        "bounce.mailer.example.org", "foo.bar.example.com.au", "mx1.example.de", "deep.sub.domain.example.example",
    ];

    private PublicSuffixList _list = null!;
    private NaivePublicSuffixScan _naive = null!;

    [GlobalSetup]
    public void Setup()
    {
        _list = PublicSuffixList.Embedded();
        _naive = NaivePublicSuffixScan.Embedded();
        for (int i = 0; i < Names.Length; i++)
        {
            if (_list.GetOrganizationalDomain(Names[i]) != _naive.GetOrganizationalDomain(Names[i]))
            {
                throw new InvalidOperationException($"the two algorithms disagree on {Names[i]}");
            }
        }
    }

    /// <summary>Every rule compared with every name.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = 8)]
    public int NaiveScan()
    {
        int length = 0;
        foreach (var name in Names)
        {
            length += _naive.GetOrganizationalDomain(name)!.Length;
        }
        return length;
    }

    /// <summary>One hash probe per label.</summary>
    [Benchmark(OperationsPerInvoke = 8)]
    public int HashedLabels()
    {
        int length = 0;
        foreach (var name in Names)
        {
            length += _list.GetOrganizationalDomain(name)!.Length;
        }
        return length;
    }
}
