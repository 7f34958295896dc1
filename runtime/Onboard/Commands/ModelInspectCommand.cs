using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Onboard.Models.Graph;
using Onboard.Models.Loading;
using Onboard.Models.Manifests;
using Onnx;

namespace Onboard.Commands;

/// <summary>
/// <c>onboard model inspect PATH [--json]</c>: inputs, outputs (symbolic dimensions by name), opset, producer,
/// metadata, SHA-256 and the manifest check: loaded, inferred (no manifest) or refused with every field at
/// fault. Exits 1 when the manifest check refuses the model, so scripts can gate on it.
/// </summary>
internal static class ModelInspectCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "The .onnx file" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text" };
        var key = new Option<string?>("--public-key") { Description = "Fleet public key (PEM file): also verify the manifest's detached signature" };
        var command = new Command("inspect", "Show a model's inputs, outputs, opset, producer, metadata, SHA-256 and manifest check") { path, json, key };
        command.SetAction(parse =>
        {
            string file = parse.GetValue(path)!;
            ModelProto model;
            try
            {
                model = OnnxModelReader.Read(file);
            }
            catch (ModelLoadException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
            string? pem = parse.GetValue(key) is { } k ? File.ReadAllText(k) : null;
            LoadedModel? loaded = null;
            ModelLoadException? refusal = null;
            try
            {
                loaded = ModelLoader.Load(file, new ModelLoadOptions { PublicKeyPem = pem });
            }
            catch (ModelLoadException e)
            {
                refusal = e;
            }
            string sha = loaded?.Sha256 ?? Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)));
            if (parse.GetValue(json))
            {
                WriteJson(file, model, sha, loaded, refusal);
            }
            else
            {
                WriteText(file, model, sha, loaded, refusal);
            }
            return refusal is null ? 0 : 1;
        });
        return command;
    }

    private static void WriteText(string file, ModelProto model, string sha, LoadedModel? loaded, ModelLoadException? refusal)
    {
        Console.WriteLine($"model      {file}");
        Console.WriteLine($"sha256     {sha}");
        Console.WriteLine($"producer   {model.ProducerName} {model.ProducerVersion} (ir {model.IrVersion}, opset {Opset(model)}, graph '{model.Graph.Name}')");
        foreach (var i in GraphValues.RealInputs(model.Graph))
        {
            Console.WriteLine($"input      {i.Name} {TensorDataType.Name(GraphValues.ElementType(i))} {Dims(i)}");
        }
        foreach (var o in model.Graph.Output)
        {
            Console.WriteLine($"output     {o.Name} {TensorDataType.Name(GraphValues.ElementType(o))} {Dims(o)}");
        }
        foreach (var m in model.MetadataProps)
        {
            Console.WriteLine($"metadata   {m.Key} = {(m.Value.Length > 120 ? m.Value[..117] + "..." : m.Value)}");
        }
        if (refusal is not null)
        {
            Console.WriteLine("manifest   REFUSED");
            foreach (var issue in refusal.Issues.Count > 0 ? refusal.Issues : [new ManifestIssue("model", refusal.Problem)])
            {
                Console.WriteLine($"           {issue}");
            }
            return;
        }
        var m2 = loaded!.Manifest;
        string state = loaded.ManifestInferred ? "inferred (no manifest)" : loaded.SignatureVerified ? "ok, signature verified" : "ok";
        Console.WriteLine($"manifest   {state}: {m2.Id} {m2.Version}, layout {m2.Output.Layout}, {m2.Classes.Length} classes, input {m2.Input.Dtype} {ManifestVerifier.Format(m2.Input.Shape)} {m2.Input.ColorOrder} {m2.Input.Geometry}");
        foreach (string w in loaded.Warnings)
        {
            Console.WriteLine($"warning    {w}");
        }
    }

    private static void WriteJson(string file, ModelProto model, string sha, LoadedModel? loaded, ModelLoadException? refusal)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var w = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("path", file);
            w.WriteString("sha256", sha);
            w.WriteString("producer", model.ProducerName);
            w.WriteString("producer_version", model.ProducerVersion);
            w.WriteNumber("ir_version", model.IrVersion);
            w.WriteNumber("opset", Opset(model));
            w.WriteString("graph", model.Graph.Name);
            WriteValues(w, "inputs", GraphValues.RealInputs(model.Graph));
            WriteValues(w, "outputs", model.Graph.Output);
            w.WriteStartObject("metadata");
            foreach (var m in model.MetadataProps)
            {
                w.WriteString(m.Key, m.Value);
            }
            w.WriteEndObject();
            w.WriteStartObject("manifest");
            if (refusal is not null)
            {
                w.WriteString("status", "refused");
                w.WriteStartArray("issues");
                foreach (var issue in refusal.Issues.Count > 0 ? refusal.Issues : [new ManifestIssue("model", refusal.Problem)])
                {
                    w.WriteStartObject();
                    w.WriteString("field", issue.Field);
                    w.WriteString("problem", issue.Problem);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            else
            {
                w.WriteString("status", loaded!.ManifestInferred ? "inferred" : "ok");
                w.WriteBoolean("signature_verified", loaded.SignatureVerified);
                w.WritePropertyName("content");
                JsonDocument.Parse(ModelLoader.ToJson(loaded.Manifest)).RootElement.WriteTo(w);
                w.WriteStartArray("warnings");
                foreach (string warning in loaded.Warnings)
                {
                    w.WriteStringValue(warning);
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        stdout.WriteByte((byte)'\n');
    }

    private static void WriteValues(Utf8JsonWriter w, string name, IEnumerable<ValueInfoProto> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStartObject();
            w.WriteString("name", v.Name);
            w.WriteString("dtype", TensorDataType.Name(GraphValues.ElementType(v)));
            w.WriteStartArray("shape");
            foreach (var d in v.Type?.TensorType?.Shape?.Dim ?? [])
            {
                if (d.HasDimValue)
                {
                    w.WriteNumberValue(d.DimValue);
                }
                else
                {
                    w.WriteStringValue(d.DimParam.Length > 0 ? d.DimParam : "?");
                }
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>Dimensions with symbolic ones by name, as exporters declare them.</summary>
    private static string Dims(ValueInfoProto v) =>
        "[" + string.Join(", ", (v.Type?.TensorType?.Shape?.Dim ?? []).Select(d =>
            d.HasDimValue ? d.DimValue.ToString(CultureInfo.InvariantCulture) : d.DimParam.Length > 0 ? d.DimParam : "?")) + "]";

    private static long Opset(ModelProto model) =>
        model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx")?.Version ?? 0;
}
