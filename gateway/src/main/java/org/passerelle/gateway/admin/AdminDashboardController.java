package org.passerelle.gateway.admin;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.connection.HelloAssoConnection;
import org.passerelle.gateway.console.ConsoleAccess;
import org.passerelle.gateway.moodle.MoodleEnrolments;
import org.passerelle.gateway.moodle.MoodleProperties;
import org.passerelle.gateway.moodle.MoodleSites;
import org.passerelle.gateway.reconcile.ReconcileRuns;
import org.passerelle.gateway.webhook.WebhookDeliveries;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The dashboard: figures by status over three periods, what waits, the last reconciliation, fraud, paid per day. */
@Controller
class AdminDashboardController {

    static final int CHART_DAYS = 30;

    /** One bar of the chart, its height a share of the tallest. */
    record Bar(LocalDate day, long cents, int height, int x) {
    }

    private final AdminQueries queries;
    private final ReconcileRuns runs;
    private final AdminProperties settings;
    private final UtcClock clock;
    private final WebhookDeliveries webhooks;
    private final MoodleEnrolments moodle;
    private final MoodleProperties moodleSettings;
    private final MoodleSites sites;
    private final HelloAssoConnection connection;
    private final GoingLive goingLive;
    private final Map<String, HealthIndicator> health;

    private final ConsoleAccess access;

    AdminDashboardController(ConsoleAccess access, AdminQueries queries, ReconcileRuns runs, AdminProperties settings, UtcClock clock,
            WebhookDeliveries webhooks, MoodleEnrolments moodle, MoodleProperties moodleSettings, MoodleSites sites,
            HelloAssoConnection connection, GoingLive goingLive, DatabaseWriteHealth databaseWrite,
            HelloAssoHealth helloAsso, SchedulerHealth scheduler) {
        this.access = access;
        this.moodle = moodle;
        this.moodleSettings = moodleSettings;
        this.sites = sites;
        this.connection = connection;
        this.goingLive = goingLive;
        this.webhooks = webhooks;
        // what /actuator/health says, in the order that matters: can orders be written, is HelloAsso answering, does
        // reconciliation run
        this.health = new LinkedHashMap<>();
        health.put("databaseWrite", databaseWrite);
        health.put("helloasso", helloAsso);
        health.put("scheduler", scheduler);
        this.queries = queries;
        this.runs = runs;
        this.settings = settings;
        this.clock = clock;
    }

    @GetMapping({"/admin", "/admin/"})
    String dashboard(Model model, java.util.Locale locale) {
        // first what needs the association: HelloAsso refusing the settings, then the way to going live
        model.addAttribute("connection", connection.status());
        model.addAttribute("connectionEnvironment", goingLive.environmentLabel(locale));
        model.addAttribute("connectionBackOffice", connection.backOffice());
        model.addAttribute("connectionOrganization", connection.organization());
        model.addAttribute("goingLive", goingLive.progress());
        OffsetDateTime now = clock.now();
        LocalDate today = now.atZoneSameInstant(settings.zone()).toLocalDate();
        // the figures of the user's organizations only (null: every one)
        java.util.Set<String> mine = access.readable();
        List<List<AdminQueries.StatusFigures>> figures = queries.byStatus(List.of(
                AdminQueries.startOf(today, settings.zone()), AdminQueries.startOf(today.minusDays(6), settings.zone()),
                AdminQueries.startOf(today.minusDays(29), settings.zone())), mine);
        Map<String, List<AdminQueries.StatusFigures>> periods = new LinkedHashMap<>();
        periods.put("today", figures.get(0));
        periods.put("7days", figures.get(1));
        periods.put("30days", figures.get(2));
        model.addAttribute("periods", periods);
        Map<String, String> statuses = new LinkedHashMap<>();
        health.forEach((name, indicator) -> statuses.put(name, indicator.health().getStatus().getCode()));
        model.addAttribute("health", statuses);
        model.addAttribute("pendingCount", queries.pendingCount(mine));
        model.addAttribute("oldestPending", queries.oldestPending(mine).orElse(null));
        model.addAttribute("lastRun", runs.latest(1).stream().findFirst().orElse(null));
        OffsetDateTime monthAgo = now.minusDays(30);
        model.addAttribute("fraudCount", queries.fraudCount(monthAgo, mine));
        model.addAttribute("fraudSignals", queries.fraudSignals(monthAgo, 10, mine));
        model.addAttribute("inboxDepth", queries.inboxDepth());
        model.addAttribute("deadFulfilments", queries.fulfilments("DEAD"));
        model.addAttribute("deadWebhooks", webhooks.count(WebhookDeliveries.DEAD, mine));
        model.addAttribute("pendingWebhooks", webhooks.count(WebhookDeliveries.PENDING, mine));
        // each association has its own Moodle: the enrolments of the user's associations' sites
        List<String> moodleSites = mine == null ? null : mine.stream().map(sites::keyOf).distinct().toList();
        model.addAttribute("moodleEnabled", moodleSettings.enabled() && mine == null);
        model.addAttribute("moodleNeedingActionCount", moodle.countNeedingAction(moodleSites));
        model.addAttribute("moodleNeedingAction", moodle.needingAction(moodleSites, 5));
        List<AdminQueries.DayAmount> days = queries.paidPerDay(today.minusDays(CHART_DAYS - 1), today, settings.zone(), mine);
        long tallest = days.stream().mapToLong(AdminQueries.DayAmount::cents).max().orElse(0);
        model.addAttribute("bars", java.util.stream.IntStream.range(0, days.size())
                .mapToObj(i -> new Bar(days.get(i).day(), days.get(i).cents(),
                        tallest == 0 ? 0 : (int) Math.max(days.get(i).cents() == 0 ? 0 : 1, days.get(i).cents() * 100 / tallest),
                        i * 10))
                .toList());
        model.addAttribute("paid30", days.stream().mapToLong(AdminQueries.DayAmount::cents).sum());
        model.addAttribute("chartMax", tallest);
        model.addAttribute("chartHalf", tallest / 2);
        model.addAttribute("bestDay", days.stream().filter(d -> d.cents() == tallest && tallest > 0).findFirst().orElse(null));
        model.addAttribute("paidDays", days.stream().filter(d -> d.cents() > 0).toList());
        model.addAttribute("zone", settings.zone());
        return "admin/dashboard";
    }
}
