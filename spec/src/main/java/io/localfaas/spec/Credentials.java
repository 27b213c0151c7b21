package io.localfaas.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Alibaba Cloud keys functions get, as {@code s local} and {@code fun local} give them: in the instance's
 * environment as {@code ALIBABA_CLOUD_ACCESS_KEY_ID}, {@code ALIBABA_CLOUD_ACCESS_KEY_SECRET} and
 * {@code ALIBABA_CLOUD_SECURITY_TOKEN}, from which the runtimes fill {@code context.credentials}. Its
 * {@link #toString()} masks them, so that a log line never carries a key.
 *
 * @param source where they came from, for the line {@code faas up} prints ({@code the environment},
 *               {@code ~/.s/access.yaml (alias default)}, ...)
 */
public record Credentials(String accessKeyId, String accessKeySecret, Optional<String> securityToken, String source) {
    public static final String ID = "ALIBABA_CLOUD_ACCESS_KEY_ID";
    public static final String SECRET = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
    public static final String TOKEN = "ALIBABA_CLOUD_SECURITY_TOKEN";

    public Credentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(accessKeySecret, "accessKeySecret");
        Objects.requireNonNull(securityToken, "securityToken");
        Objects.requireNonNull(source, "source");
    }

    /** The keys in {@code env} ({@code ALIBABA_CLOUD_*}), when it names an access key id. Pure. */
    public static Optional<Credentials> fromEnvironment(Map<String, String> env, String source) {
        String id = env.get(ID);
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new Credentials(id.strip(), Optional.ofNullable(env.get(SECRET)).orElse("").strip(),
                Optional.ofNullable(env.get(TOKEN)).map(String::strip).filter(t -> !t.isEmpty()), source));
    }

    /**
     * The alias {@code alias} of a Serverless Devs access file ({@code ~/.s/access.yaml}: {@code <alias>: {AccessKeyID,
     * AccessKeySecret, SecurityToken?}}). Pure.
     */
    public static Optional<Credentials> fromAccessFile(String yaml, String alias, String source) {
        Object top = parse(yaml);
        if (!(top instanceof Map<?, ?> m) || !(m.get(alias) instanceof Map<?, ?> a)) {
            return Optional.empty();
        }
        return of(a.get("AccessKeyID"), a.get("AccessKeySecret"), a.get("SecurityToken"), source + " (alias " + alias + ")");
    }

    /** Funcraft's {@code ~/.fcli/config.yaml}: {@code access_key_id}, {@code access_key_secret}, {@code security_token}. Pure. */
    public static Optional<Credentials> fromFuncraftConfig(String yaml, String source) {
        Object top = parse(yaml);
        if (!(top instanceof Map<?, ?> m)) {
            return Optional.empty();
        }
        return of(m.get("access_key_id"), m.get("access_key_secret"), m.get("security_token"), source);
    }

    /** The aliases of a Serverless Devs access file (to name them when the one asked for is missing). */
    public static List<String> aliases(String yaml) {
        Object top = parse(yaml);
        List<String> out = new ArrayList<>();
        if (top instanceof Map<?, ?> m) {
            m.keySet().forEach(k -> out.add(String.valueOf(k)));
        }
        return out;
    }

    private static Optional<Credentials> of(Object id, Object secret, Object token, String source) {
        if (id == null || id.toString().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new Credentials(id.toString().strip(), secret == null ? "" : secret.toString().strip(),
                token == null || token.toString().isBlank() ? Optional.empty() : Optional.of(token.toString().strip()), source));
    }

    private static Object parse(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(10);
        options.setCodePointLimit(1 << 20);
        try {
            return new Yaml(new SafeConstructor(options)).load(yaml);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** {@code app} with these keys in every function's environment, where the function (or --env-file) has none. */
    public AppSpec applyTo(AppSpec app) {
        List<FunctionSpec> functions = new ArrayList<>();
        for (FunctionSpec f : app.functions()) {
            Map<String, String> env = new LinkedHashMap<>(f.environment());
            if (!env.containsKey(ID)) {
                env.put(ID, accessKeyId);
                env.put(SECRET, accessKeySecret);
                securityToken.ifPresent(t -> env.put(TOKEN, t));
            }
            functions.add(f.withEnvironment(env));
        }
        return new AppSpec(app.source(), app.service(), app.platform(), functions, app.timers());
    }

    /** A key as it may be shown: its first and last 4 characters around {@code ****}, or {@code ****} when short. */
    public static String mask(String key) {
        return key.length() <= 12 ? "****" : key.substring(0, 4) + "****" + key.substring(key.length() - 4);
    }

    /** The line {@code faas up} prints: the key id masked, the secret and token never. */
    public String describe() {
        return "credentials: " + ID + "=" + mask(accessKeyId) + ", " + SECRET + "=****" + securityToken.map(t -> ", " + TOKEN + "=****").orElse("")
                + " (from " + source + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
