using System.CommandLine;
using System.Security.Cryptography;
using Onboard.Runtime.Upload.Envelope;

namespace Onboard.Commands;

/// <summary><c>onboard clip decrypt FILE --key cloud.key --output OUT</c>: the cloud's tool for the clip envelope (runtime/Onboard.Runtime/Upload/README.md).</summary>
internal static class ClipDecryptCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "An encrypted clip (<clip id>.mcap.enc)" };
        var key = new Option<string>("--key") { Description = "The cloud's EC P-256 private key (PEM, openssl ecparam -genkey)", Required = true };
        var output = new Option<string>("--output") { Description = "Where to write the decrypted clip (written only if every segment authenticates)", Required = true };
        var command = new Command("decrypt", "Decrypt a clip envelope with the cloud's private key") { file, key, output };
        command.SetAction(parse =>
        {
            try
            {
                using CloudPrivateKey cloud = CloudPrivateKey.Load(parse.GetValue(key)!);
                EnvelopeSummary s = ClipDecryptor.DecryptFile(parse.GetValue(file)!, parse.GetValue(output)!, cloud);
                Console.WriteLine($"{parse.GetValue(output)}: {s.PlaintextBytes} bytes, sha256 {s.PlaintextSha256} (envelope {s.CiphertextBytes} bytes, sha256 {s.CiphertextSha256}, key id {s.KeyId})");
                return 0;
            }
            catch (EnvelopeException e)
            {
                Console.Error.WriteLine($"{parse.GetValue(file)}: {e.Message}");
                return 3;
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
        });
        return command;
    }
}
