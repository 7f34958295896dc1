using System.Text.Json.Serialization;

namespace Onboard.Runtime.Upload;

/// <summary>Source-generated JSON for <see cref="UploadStatus"/>, the control socket's <c>upload.status</c> reply.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(UploadStatus))]
internal sealed partial class UploadStatusJsonContext : JsonSerializerContext;
