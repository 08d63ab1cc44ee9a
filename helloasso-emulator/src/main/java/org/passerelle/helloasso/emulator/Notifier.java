package org.passerelle.helloasso.emulator;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Notification URLs (global, per organization, per type) and asynchronous delivery: POST of the JSON envelope,
 * {@code x-ha-signature} when the URL has a signature key, retries with a doubling backoff when the receiver fails,
 * and the configurable faults (delay, duplication, reordering, loss). One sender thread delivers in order.
 */
final class Notifier implements AutoCloseable {

    static final String SIGNATURE_HEADER = "x-ha-signature";
    static final List<String> TYPES = List.of("Payment", "Order", "Form", "Organization");

    /** A registered URL; {@code organization} null means the partner's global URL, {@code type} null every type. */
    record Registration(String organization, String type, String url, String signatureKey) {
        @Override
        public String toString() {
            return "Registration[" + organization + ", " + type + ", " + url + ", signatureKey=***]";
        }
    }

    /** One notification to send: the event type and the exact JSON body. */
    record Event(String eventType, String body) {
    }

    private record Slot(String organization, String type) {
    }

    /** A first delivery kept back by {@link #hold}, released later in any order. */
    private record Held(long generation, Registration registration, Event event) {
    }

    private static final System.Logger LOG = System.getLogger(Notifier.class.getName());

    private final Clock clock;
    private final EmulatorConfig config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "helloasso-emulator-notifier");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong generation = new AtomicLong();

    private final Map<Slot, Registration> registrations = new LinkedHashMap<>();
    private final List<DeliveredNotification> deliveries = new ArrayList<>();
    private boolean drop;
    private int copies = 1;
    private boolean reorder;
    private Duration delay = Duration.ZERO;
    private boolean holding;
    private final List<Held> held = new ArrayList<>();

    private final java.util.function.BiConsumer<String, String> produced;

    Notifier(Clock clock, EmulatorConfig config, java.util.function.BiConsumer<String, String> produced) {
        this.clock = clock;
        this.config = config;
        this.produced = produced;
        reset();
    }

    synchronized void reset() {
        generation.incrementAndGet();
        registrations.clear();
        deliveries.clear();
        drop = false;
        copies = 1;
        reorder = false;
        delay = Duration.ZERO;
        holding = false;
        held.clear();
        if (config.notificationUrl() != null) {
            setMainUrl(config.notificationUrl().url(), config.notificationUrl().signatureKey());
        }
    }

    // ---- registrations ----------------------------------------------------------------------------------------

    /** PUT api-notifications: the key of an existing slot is kept, a new slot gets a fresh 64-character key. */
    synchronized Registration register(String organization, String url, String type) {
        Slot slot = new Slot(organization, type);
        Registration previous = registrations.get(slot);
        String key = previous != null && previous.signatureKey() != null ? previous.signatureKey() : Tokens.randomAlphanumeric(64);
        Registration registration = new Registration(organization, type, url, key);
        registrations.put(slot, registration);
        registrationsChanged();
        return registration;
    }

    synchronized boolean delete(String organization, String type) {
        boolean deleted = registrations.remove(new Slot(organization, type)) != null;
        registrationsChanged();
        return deleted;
    }

    /** The global URL for every type, as an association sets it in its back office; no key means unsigned. */
    synchronized void setMainUrl(String url, String signatureKeyOrNull) {
        Slot slot = new Slot(null, null);
        if (url == null) {
            registrations.remove(slot);
        } else {
            registrations.put(slot, new Registration(null, null, url, signatureKeyOrNull));
        }
        registrationsChanged();
    }

    synchronized List<Registration> registrations() {
        return List.copyOf(registrations.values());
    }

    /** Called after each change of the registrations, with all of them (the emulator keeps them on disk). */
    private java.util.function.Consumer<List<Registration>> registrationsChanged = r -> { };

    synchronized void onRegistrationsChanged(java.util.function.Consumer<List<Registration>> listener) {
        this.registrationsChanged = listener;
    }

    private void registrationsChanged() {
        registrationsChanged.accept(List.copyOf(registrations.values()));
    }

    /** Puts back registrations as stored (replacing the current ones). */
    synchronized void restore(List<Registration> stored) {
        registrations.clear();
        stored.forEach(r -> registrations.put(new Slot(r.organization(), r.type()), r));
    }

    // ---- fault settings ---------------------------------------------------------------------------------------

    synchronized void drop(boolean drop) {
        this.drop = drop;
    }

    synchronized void copies(int copies) {
        if (copies < 1) {
            throw new IllegalArgumentException("copies must be at least 1 (1 = each notification sent once)");
        }
        this.copies = copies;
    }

    synchronized void reorder(boolean reorder) {
        this.reorder = reorder;
    }

    synchronized void delay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative");
        }
        this.delay = delay;
    }

    /** While on, notifications are queued instead of sent; {@link #release} sends them late. */
    synchronized void hold(boolean hold) {
        this.holding = hold;
    }

    /**
     * Sends every held notification now, oldest first or newest first, and stops holding: what a receiver sees
     * when HelloAsso delivers late, or retries an old notification after newer ones. Returns how many.
     */
    synchronized int release(boolean newestFirst) {
        List<Held> batch = new ArrayList<>(held);
        held.clear();
        holding = false;
        if (newestFirst) {
            java.util.Collections.reverse(batch);
        }
        long gen = generation.get();
        for (Held h : batch) {
            if (h.generation() == gen) {
                // one after the other, in this order, on the single sender thread
                schedule(gen, h.registration(), h.event(), 1, Duration.ZERO);
            }
        }
        return batch.size();
    }

    synchronized int heldCount() {
        return held.size();
    }

    synchronized List<DeliveredNotification> deliveries() {
        return List.copyOf(deliveries);
    }

    // ---- delivery ---------------------------------------------------------------------------------------------

    /** Queues the notifications of one change of {@code organization}; never blocks. */
    synchronized void publish(String organization, List<Event> events) {
        List<Event> batch = new ArrayList<>(events);
        if (reorder) {
            java.util.Collections.reverse(batch);
        }
        long gen = generation.get();
        for (Event event : batch) {
            produced.accept(event.eventType(), event.body());
            for (Registration r : registrations.values()) {
                boolean orgMatches = r.organization() == null || r.organization().equals(organization);
                boolean typeMatches = r.type() == null || r.type().equals(event.eventType());
                if (!orgMatches || !typeMatches) {
                    continue;
                }
                for (int copy = 0; copy < copies; copy++) {
                    if (drop) {
                        deliveries.add(new DeliveredNotification(clock.instant(), r.url(), event.eventType(), event.body(),
                                0, 0, r.signatureKey() != null, true));
                        continue;
                    }
                    if (holding) {
                        held.add(new Held(gen, r, event));
                    } else {
                        schedule(gen, r, event, 1, delay);
                    }
                }
            }
        }
    }

    private void schedule(long gen, Registration r, Event event, int attempt, Duration wait) {
        if (sender.isShutdown()) {
            return;
        }
        sender.schedule(() -> deliver(gen, r, event, attempt), wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void deliver(long gen, Registration r, Event event, int attempt) {
        if (gen != generation.get()) {
            return; // the emulator was reset since this was queued
        }
        int status;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(r.url()))
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(event.body(), StandardCharsets.UTF_8));
            if (r.signatureKey() != null) {
                request.header(SIGNATURE_HEADER, sign(event.body(), r.signatureKey()));
            }
            status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            status = -1;
            LOG.log(Level.DEBUG, () -> "notification " + event.eventType() + " to " + r.url() + " failed: " + e);
        }
        int finalStatus = status;
        LOG.log(Level.DEBUG, () -> "notification " + event.eventType() + " to " + r.url() + " attempt " + attempt + " -> " + finalStatus);
        synchronized (this) {
            if (gen != generation.get()) {
                return;
            }
            deliveries.add(new DeliveredNotification(clock.instant(), r.url(), event.eventType(), event.body(), status,
                    attempt, r.signatureKey() != null, false));
        }
        boolean ok = status >= 200 && status < 300;
        if (!ok && attempt < config.notificationMaxAttempts()) {
            Duration backoff = config.notificationRetryBackoff().multipliedBy(1L << Math.min(attempt - 1, 10));
            schedule(gen, r, event, attempt + 1, backoff);
        }
    }

    /** Lowercase hex HMAC-SHA256 of the raw body keyed with the UTF-8 bytes of the URL's signature key. */
    static String sign(String body, String signatureKey) {
        Objects.requireNonNull(signatureKey);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signatureKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
        http.close();
    }
}
