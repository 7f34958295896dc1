namespace Onboard.Runtime.Messaging.Zmq;

/// <summary>A CURVE long-term key pair as Z85 text (40 characters each), the form config files and libzmq options take.</summary>
public readonly record struct ZmqCurveKeyPair(string PublicKey, string SecretKey)
{
    /// <summary>Never print the secret by accident.</summary>
    public override string ToString() => $"CURVE public {PublicKey}";
}
