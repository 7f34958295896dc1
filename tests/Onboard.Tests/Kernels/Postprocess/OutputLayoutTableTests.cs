using Onboard.Kernels.Postprocess;
using Onboard.Models.Layouts;

namespace Onboard.Tests.Kernels.Postprocess;

/// <summary>The output-layout table: one row per enum member, in order; every name and alias parses to its row.</summary>
public sealed class OutputLayoutTableTests
{
    [Fact]
    public void Table_EveryMember_HasItsRowAtItsValue()
    {
        OutputLayout[] members = Enum.GetValues<OutputLayout>();
        Assert.Equal(members.Length, OutputLayoutInfo.Count);
        for (int i = 0; i < members.Length; i++)
        {
            Assert.Equal(i, (int)members[i]);
            OutputLayoutFacts row = OutputLayoutInfo.All[i];
            Assert.Equal(members[i], row.Layout);
            Assert.All(row.Aliases.Prepend(row.Name), name => Assert.Equal(members[i], LayoutRecognizer.ParseLayout(name.ToUpperInvariant())));
        }
    }

    [Fact]
    public void LayoutModelNames_AllParse()
    {
        Assert.All(LayoutModels.Names, name => Assert.True(OutputLayoutInfo.TryParse(name, out _), name));
    }

    [Fact]
    public void ParseLayout_UnknownName_ListsEveryAcceptedName()
    {
        var e = Assert.Throws<OutputLayoutException>(() => LayoutRecognizer.ParseLayout("ssd"));
        Assert.All(OutputLayoutInfo.All.SelectMany(f => f.Aliases.Prepend(f.Name)), name => Assert.Contains(name, e.Message, StringComparison.Ordinal));
    }
}
