package dev.fieldcrypt.vault;

import dev.fieldcrypt.core.KeyringConfigException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS trust of a Vault source: the JDK's default trust store, or the PEM CA bundle {@code
 * VAULT_CACERT} names, or (only when {@code VAULT_SKIP_VERIFY} is set to true by name, with a loud
 * warning) no verification at all.
 */
final class VaultTls {
  private static final Logger log = LoggerFactory.getLogger(VaultTls.class);

  private VaultTls() {}

  /** The SSL context for {@code config}, or null for the JDK default. */
  static SSLContext context(VaultConfig config) {
    try {
      if (config.skipVerify()) {
        log.warn(
            "VAULT_SKIP_VERIFY is set: TLS certificates of {} are NOT verified. Anyone on the"
                + " network path can impersonate Vault and read or replace the keyring. Use"
                + " VAULT_CACERT with the server's CA instead, and unset VAULT_SKIP_VERIFY.",
            config.address());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new TrustingManager()}, null);
        return ctx;
      }
      if (config.caCert() == null) {
        return null;
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trustStore(config.caCert()));
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new KeyringConfigException(
          "cannot set up TLS for VAULT_ADDR=" + config.address() + " (" + e.getMessage() + ").", e);
    }
  }

  /** The certificates of the PEM file {@code caCert} as a trust store. */
  static KeyStore trustStore(Path caCert) {
    Collection<? extends Certificate> certs;
    try (InputStream in = Files.newInputStream(caCert)) {
      certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (java.io.IOException e) {
      throw new KeyringConfigException(
          "VAULT_CACERT names "
              + caCert
              + ", which cannot be read ("
              + e.getClass().getSimpleName()
              + "); point it to the PEM file of the CA that signed Vault's certificate.",
          e);
    } catch (GeneralSecurityException e) {
      throw notPem(caCert, e);
    }
    if (certs.isEmpty()) {
      throw notPem(caCert, null);
    }
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate c : certs) {
        store.setCertificateEntry("vault-ca-" + i++, c);
      }
      return store;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw notPem(caCert, e);
    }
  }

  private static KeyringConfigException notPem(Path caCert, Exception cause) {
    return new KeyringConfigException(
        "VAULT_CACERT names "
            + caCert
            + ", which holds no PEM certificate (-----BEGIN CERTIFICATE-----); point it to the"
            + " PEM file of the CA that signed Vault's certificate.",
        cause);
  }

  /** Accepts every certificate and host name: VAULT_SKIP_VERIFY only. */
  private static final class TrustingManager extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
