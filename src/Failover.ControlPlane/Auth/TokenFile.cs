using System.Security.Cryptography;
using System.Text;

namespace Failover.ControlPlane.Auth;

/// <summary>
/// The API's bearer tokens, one per line as <c>TOKEN,NAME,ROLE</c> (the Kubernetes static-token layout);
/// blank lines and lines starting with <c>#</c> are ignored. Tokens are compared in constant time and kept only
/// as hashes in memory.
/// </summary>
public sealed class TokenFile
{
    private readonly Dictionary<string, Caller> _byHash;

    private TokenFile(Dictionary<string, Caller> byHash) => _byHash = byHash;

    public int Count => _byHash.Count;

    /// <exception cref="FormatException">A line is malformed; the message names the file and line, never a token.</exception>
    public static TokenFile Parse(string text, string source)
    {
        var byHash = new Dictionary<string, Caller>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split(',', StringSplitOptions.TrimEntries);
            if (fields.Length != 3 || fields[0].Length < 16 || fields[1].Length == 0)
            {
                throw new FormatException($"{source}:{i + 1}: expected TOKEN,NAME,ROLE with a token of at least 16 characters");
            }

            if (!Enum.TryParse<Role>(fields[2], ignoreCase: true, out var role) || int.TryParse(fields[2], out _))
            {
                throw new FormatException($"{source}:{i + 1}: role must be viewer, operator or admin, found '{fields[2]}'");
            }

            if (!byHash.TryAdd(Hash(fields[0]), new Caller(fields[1], role)))
            {
                throw new FormatException($"{source}:{i + 1}: this token is already given to another caller");
            }
        }

        return new TokenFile(byHash);
    }

    public static TokenFile Load(string path) => Parse(File.ReadAllText(path), path);

    public Caller? Authenticate(string token) => _byHash.GetValueOrDefault(Hash(token));

    // Hashing first makes the dictionary lookup independent of how much of a guessed token is right.
    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
