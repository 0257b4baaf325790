package dev.libsql4j.testkit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Signs JSON Web Tokens the way {@code sqld} expects them: compact JWS, header
 * {@code {"alg":"EdDSA","typ":"JWT"}}, Ed25519 signature, base64url without padding.
 *
 * <p>Claims understood by sqld 0.24 ({@code libsql-server/src/auth/user_auth_strategies/jwt.rs}):
 * <ul>
 *   <li>{@code a}: {@code "rw"} (read-write), {@code "ro"} (read-only) or {@code "roa"}
 *       (read-only plus attach). Without {@code a} the token grants read-write access.
 *   <li>{@code id}: restricts the token to one namespace.
 *   <li>{@code exp}: optional expiry in epoch seconds; an expired token gets 401.
 * </ul>
 *
 * <p>Use {@link #random()} for a signer with a fresh key pair: with a server started by
 * {@link SqldExtension#withAuth()} its tokens are "badly signed" and get 401.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class JwtSigner {

  /** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the 32-byte key follows it. */
  private static final byte[] ED25519_SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private static final String HEADER_B64 =
      base64Url("{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

  private final PrivateKey privateKey;
  private final PublicKey publicKey;

  private JwtSigner(KeyPair keyPair) {
    this.privateKey = Objects.requireNonNull(keyPair.getPrivate(), "private key");
    this.publicKey = Objects.requireNonNull(keyPair.getPublic(), "public key");
  }

  /**
   * Creates a signer with a freshly generated Ed25519 key pair.
   *
   * @return a new signer whose key no server knows about unless you configure it
   */
  public static JwtSigner random() {
    return of(generateKeyPair());
  }

  /**
   * Creates a signer from an existing Ed25519 key pair.
   *
   * @param keyPair an Ed25519 key pair, e.g. from {@code KeyPairGenerator.getInstance("Ed25519")}
   * @return a signer using that key pair
   * @throws IllegalArgumentException if the keys are not Ed25519 keys
   */
  public static JwtSigner of(KeyPair keyPair) {
    Objects.requireNonNull(keyPair, "keyPair");
    JwtSigner signer = new JwtSigner(keyPair);
    // Fail early on non-Ed25519 keys instead of on the first sign() call.
    rawPublicKey(signer.publicKey);
    signer.sign(Map.of());
    return signer;
  }

  /**
   * Signs a flat claim map.
   *
   * <p>Values may be {@link String}, {@link Boolean}, {@link Number} (integers, {@link BigInteger},
   * {@link BigDecimal}, finite floating point) or {@code null}. Keys are written in the map's
   * iteration order.
   *
   * @param claims the JWT payload
   * @return the compact JWS {@code header.payload.signature}
   * @throws IllegalArgumentException if a value has an unsupported type
   */
  public String sign(Map<String, ?> claims) {
    Objects.requireNonNull(claims, "claims");
    String signingInput =
        HEADER_B64 + "." + base64Url(toJson(claims).getBytes(StandardCharsets.UTF_8));
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initSign(privateKey);
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + base64Url(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /**
   * Returns a token with read-write access to every namespace: claims {@code {"a":"rw"}}.
   *
   * @return a signed token
   */
  public String fullAccessToken() {
    return sign(Map.of("a", "rw"));
  }

  /**
   * Returns a read-only token: claims {@code {"a":"ro"}}. Writes with it get 403 from sqld.
   *
   * @return a signed token
   */
  public String readOnlyToken() {
    return sign(Map.of("a", "ro"));
  }

  /**
   * Returns the public key that verifies this signer's tokens.
   *
   * @return the Ed25519 public key
   */
  public PublicKey publicKey() {
    return publicKey;
  }

  /**
   * Returns the public key as a PEM {@code PUBLIC KEY} block (X.509 SubjectPublicKeyInfo), the
   * format {@code sqld --auth-jwt-key-file} accepts.
   *
   * @return the PEM text, ending with a newline
   */
  public String publicKeyPem() {
    return toPem(publicKey);
  }

  /**
   * Returns the raw 32-byte public key in URL-safe base64 without padding, the other format
   * sqld accepts (in a key file without trailing newline, or in {@code SQLD_AUTH_JWT_KEY}).
   *
   * @return the key as base64url text
   */
  public String publicKeyBase64Url() {
    return base64Url(rawPublicKey(publicKey));
  }

  static KeyPair generateKeyPair() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot generate Ed25519 keys", e);
    }
  }

  /** PEM-encodes an Ed25519 public key as SubjectPublicKeyInfo. */
  static String toPem(PublicKey key) {
    byte[] der = spki(key);
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
  }

  private static byte[] spki(PublicKey key) {
    byte[] der = key.getEncoded();
    if (der == null
        || !"X.509".equals(key.getFormat())
        || der.length != ED25519_SPKI_PREFIX.length + 32
        || !Arrays.equals(
            Arrays.copyOf(der, ED25519_SPKI_PREFIX.length), ED25519_SPKI_PREFIX)) {
      throw new IllegalArgumentException(
          "not an Ed25519 public key: " + key.getAlgorithm() + "/" + key.getFormat());
    }
    return der;
  }

  private static byte[] rawPublicKey(PublicKey key) {
    byte[] der = spki(key);
    return Arrays.copyOfRange(der, ED25519_SPKI_PREFIX.length, der.length);
  }

  private static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  // ---------------------------------------------------------------- tiny JSON encoder

  static String toJson(Map<String, ?> claims) {
    StringBuilder out = new StringBuilder("{");
    boolean first = true;
    for (Map.Entry<String, ?> e : new LinkedHashMap<String, Object>(claims).entrySet()) {
      if (e.getKey() == null) {
        throw new IllegalArgumentException("claim names must not be null");
      }
      if (!first) {
        out.append(',');
      }
      first = false;
      appendString(out, e.getKey());
      out.append(':');
      appendValue(out, e.getKey(), e.getValue());
    }
    return out.append('}').toString();
  }

  private static void appendValue(StringBuilder out, String name, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String) {
      appendString(out, (String) value);
    } else if (value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof Byte
        || value instanceof Short
        || value instanceof Integer
        || value instanceof Long
        || value instanceof BigInteger) {
      out.append(value);
    } else if (value instanceof BigDecimal) {
      out.append(((BigDecimal) value).toString());
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("claim '" + name + "' is not a finite number: " + d);
      }
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        out.append((long) d);
      } else {
        out.append(value);
      }
    } else {
      throw new IllegalArgumentException(
          "claim '"
              + name
              + "' has unsupported type "
              + value.getClass().getName()
              + " (only strings, numbers, booleans and null)");
    }
  }

  private static void appendString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        case '\b':
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        default:
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }
}
