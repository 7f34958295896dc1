using System.Security.Cryptography;
using Google.Protobuf;
using Onboard.Models.Compute;
using Onboard.Models.Loading;
using Onboard.Models.Manifests;
using Onboard.Models.Synthetic;
using Onboard.Runtime.Inference;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Models;

/// <summary>A model is refused when its manifest does not match it, each refusal naming the field at fault.</summary>
public sealed class ManifestTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _path;
    private readonly ModelManifest _good;

    public ManifestTests()
    {
        var model = YoloV8ComputeModel.Build(64, classes: 4);
        byte[] bytes = model.ToByteArray();
        _path = _dir.File("compute.onnx");
        File.WriteAllBytes(_path, bytes);
        _good = new ModelManifest
        {
            Id = "compute",
            Version = "1.0.0",
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            Input = new InputSpec { Name = "images", Shape = [1, 3, 64, 64], Dtype = "float32" },
            Output = new OutputSpec { Layout = "yolov8", Names = ["output0"] },
            Classes = ["a", "b", "c", "d"],
            Thresholds = new Thresholds { Score = 0.4f, Iou = 0.5f, MaxDetections = 50 },
        };
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_MatchingManifest_LoadsItAndTheDetectorUsesItsThresholds()
    {
        WriteManifest(_good);
        using var session = DetectorSession.Open(_path, new InferenceOptions { ExecutionProviders = ["cpu"], WarmupRuns = 0 });
        Assert.False(session.Model.ManifestInferred);
        Assert.Equal("compute", session.Manifest.Id);
        var detector = new FrameDetector(session);
        Assert.Equal(0.4f, detector.Settings.ScoreThreshold);
        Assert.Equal(50, detector.Settings.MaxDetections);
    }

    [Fact]
    public void Load_WrongHash_RefusedNamingSha256()
    {
        var issue = Assert.Single(Refusal(_good with { Sha256 = new string('0', 64) }).Issues);
        Assert.Equal("sha256", issue.Field);
        Assert.Contains("the file hashes to", issue.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WrongInputShape_RefusedNamingInputShape()
    {
        var e = Refusal(_good with { Input = _good.Input with { Shape = [1, 3, 640, 640] } });
        var issue = Assert.Single(e.Issues);
        Assert.Equal("input.shape", issue.Field);
        Assert.Equal("manifest says [1, 3, 640, 640], the model's input 'images' is [1, 3, 64, 64]", issue.Problem);
        Assert.Contains("input.shape: manifest says", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WrongDtype_RefusedNamingInputDtype()
    {
        var issue = Assert.Single(Refusal(_good with { Input = _good.Input with { Dtype = "float16" } }).Issues);
        Assert.Equal("input.dtype", issue.Field);
        Assert.Equal("manifest says float16, the model's input 'images' is float32", issue.Problem);
    }

    [Fact]
    public void Load_UnknownLayout_RefusedNamingOutputLayout()
    {
        var issue = Assert.Single(Refusal(_good with { Output = new OutputSpec { Layout = "yolov99" } }).Issues);
        Assert.Equal("output.layout", issue.Field);
        Assert.StartsWith("unknown layout 'yolov99'; expected one of yolov8, yolov5, yolov10, rtdetr, efficientnms, onnxnms, dbnet", issue.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ClassCountDiffersFromHead_RefusedNamingClasses()
    {
        var issue = Assert.Single(Refusal(_good with { Classes = ["a", "b"] }).Issues);
        Assert.Equal("classes", issue.Field);
        Assert.Contains("manifest lists 2 classes, the yolov8 head has 4", issue.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SeveralMismatches_ReportsEveryOneByField()
    {
        var e = Refusal(_good with { Sha256 = "00", Input = _good.Input with { Name = "pixels", Dtype = "int7" }, Output = new OutputSpec { Layout = "ssd" } });
        Assert.Equal(["sha256", "input.name", "input.dtype", "output.layout"], e.Issues.Select(i => i.Field));
    }

    [Fact]
    public void Load_SignedByTheFleetKey_Loads()
    {
        using var fleet = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string manifestPath = WriteManifest(_good);
        File.WriteAllText(ModelManifest.SignaturePathFor(manifestPath), ManifestSignature.Sign(File.ReadAllBytes(manifestPath), fleet));
        var loaded = ModelLoader.Load(_path, new ModelLoadOptions { PublicKeyPem = ManifestSignature.PublicKeyPem(fleet) });
        Assert.True(loaded.SignatureVerified);
    }

    [Fact]
    public void Load_SignedByAnotherKey_RefusedNamingSignature()
    {
        using var fleet = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string manifestPath = WriteManifest(_good);
        File.WriteAllText(ModelManifest.SignaturePathFor(manifestPath), ManifestSignature.Sign(File.ReadAllBytes(manifestPath), other));
        var e = Assert.Throws<ModelLoadException>(() => ModelLoader.Load(_path, new ModelLoadOptions { PublicKeyPem = ManifestSignature.PublicKeyPem(fleet) }));
        var issue = Assert.Single(e.Issues);
        Assert.Equal("signature", issue.Field);
        Assert.StartsWith("does not verify against the configured fleet key", issue.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ManifestEditedAfterSigning_RefusedNamingSignature()
    {
        using var fleet = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string manifestPath = WriteManifest(_good);
        File.WriteAllText(ModelManifest.SignaturePathFor(manifestPath), ManifestSignature.Sign(File.ReadAllBytes(manifestPath), fleet));
        WriteManifest(_good with { Thresholds = _good.Thresholds with { Score = 0.01f } });
        var e = Assert.Throws<ModelLoadException>(() => ModelLoader.Load(_path, new ModelLoadOptions { PublicKeyPem = ManifestSignature.PublicKeyPem(fleet) }));
        Assert.Equal("signature", Assert.Single(e.Issues).Field);
    }

    [Fact]
    public void Load_FleetKeyConfiguredButUnsigned_RefusedNamingSignature()
    {
        using var fleet = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        WriteManifest(_good);
        var e = Assert.Throws<ModelLoadException>(() => ModelLoader.Load(_path, new ModelLoadOptions { PublicKeyPem = ManifestSignature.PublicKeyPem(fleet) }));
        var issue = Assert.Single(e.Issues);
        Assert.Equal("signature", issue.Field);
        Assert.StartsWith("no detached signature at", issue.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoManifest_InfersYoloV8AndClassNamesWithAWarning()
    {
        string path = _dir.File("signs.onnx");
        File.WriteAllBytes(path, SyntheticSignDetector.Build(320).ToByteArray());
        var loaded = ModelLoader.Load(path);
        Assert.True(loaded.ManifestInferred);
        Assert.Equal("yolov8", loaded.Manifest.Output.Layout);
        Assert.Equal(SyntheticSignCatalog.ClassNames, loaded.Manifest.Classes);
        Assert.Contains("no manifest at", Assert.Single(loaded.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoManifestWhenRequired_RefusedNamingManifest()
    {
        var e = Assert.Throws<ModelLoadException>(() => ModelLoader.Load(_path, new ModelLoadOptions { RequireManifest = true }));
        Assert.Equal("manifest", Assert.Single(e.Issues).Field);
    }

    [Fact]
    public void Load_ManifestNotJson_RefusedNamingTheFieldItBrokeAt()
    {
        File.WriteAllText(ModelManifest.PathFor(_path), "{ \"id\": \"x\", \"input\": { \"shape\": \"wide\" } }");
        var e = Assert.Throws<ModelLoadException>(() => ModelLoader.Load(_path));
        Assert.Equal("input.shape", Assert.Single(e.Issues).Field);
    }

    private ModelLoadException Refusal(ModelManifest manifest)
    {
        WriteManifest(manifest);
        return Assert.Throws<ModelLoadException>(() => ModelLoader.Load(_path));
    }

    private string WriteManifest(ModelManifest manifest)
    {
        string path = ModelManifest.PathFor(_path);
        File.WriteAllText(path, ModelLoader.ToJson(manifest));
        return path;
    }
}
