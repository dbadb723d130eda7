using Sift.Engine.Tests.Fakes;
using Sift.Protocols.Dmarc;
using Sift.Protocols.Spf;

namespace Sift.Engine.Tests.Protocols.Spf;

/// <summary>The zone-file scenarios over the file's data in memory (the real unbound runs them at integration).</summary>
public class SpfZoneScenarioTests
{
    private static readonly InMemorySpfResolver Zone = UnboundZoneFile.Load(UnboundZoneFile.PathOf("spf.conf"));

    [Theory]
    [MemberData(nameof(SpfZoneScenarios.Spf), MemberType = typeof(SpfZoneScenarios))]
    public async Task Zone_file_spf_scenario_gives_the_rfc_result(string mailFrom, string ip, string helo, string code, string explanation)
    {
        var v = await new SpfVerifier(Zone).SpfVerifyAsync(mailFrom, ip, helo.Length == 0 ? null : helo);
        Assert.Equal(code, v.Code);
        Assert.Contains(explanation, v.Explanation);
    }

    [Theory]
    [MemberData(nameof(SpfZoneScenarios.Dmarc), MemberType = typeof(SpfZoneScenarios))]
    public async Task Zone_file_dmarc_scenario_finds_the_record(string domain, string record, string policyDomain)
    {
        var discovery = new DmarcDiscovery(Zone, PublicSuffixList.Embedded());
        Assert.Equal(record.Length == 0 ? null : record, await discovery.DmarcVerifyAsync(domain));
        var lookup = await discovery.DiscoverAsync(domain);
        Assert.Equal(policyDomain.Length == 0 ? null : policyDomain, lookup.PolicyDomain);
    }
}
