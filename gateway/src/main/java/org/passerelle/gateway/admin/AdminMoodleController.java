package org.passerelle.gateway.admin;

import org.passerelle.gateway.moodle.MoodleConnectionCheck;
import org.passerelle.gateway.moodle.MoodleEnroller;
import org.passerelle.gateway.moodle.MoodleEnrolments;
import org.passerelle.gateway.moodle.MoodleProperties;
import org.passerelle.gateway.refund.RefundProperties;
import org.passerelle.gateway.web.Redirects;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Moodle: the channel's settings, the "test connection" report, the enrolments waiting for an administrator, and the
 * retry of one enrolment (from this page or from its order's page).
 */
@Controller
class AdminMoodleController {

    static final int LISTED = 100;

    private final MoodleProperties settings;
    private final RefundProperties refunds;
    private final MoodleEnrolments enrolments;
    private final MoodleEnroller enroller;
    private final MoodleConnectionCheck check;

    AdminMoodleController(MoodleProperties settings, RefundProperties refunds, MoodleEnrolments enrolments,
            MoodleEnroller enroller, MoodleConnectionCheck check) {
        this.settings = settings;
        this.refunds = refunds;
        this.enrolments = enrolments;
        this.enroller = enroller;
        this.check = check;
    }

    @GetMapping("/admin/moodle")
    String page(Model model) {
        model.addAttribute("moodle", settings);
        model.addAttribute("unenrolOnRefund", refunds.moodleUnenrol());
        model.addAttribute("functions", check.requiredFunctions());
        model.addAttribute("needingAction", enrolments.needingAction(LISTED));
        model.addAttribute("needingActionCount", enrolments.countNeedingAction());
        return "admin/moodle";
    }

    /** Calls Moodle now with the configured token; the report is shown once, on the page it redirects to. */
    @PostMapping("/admin/moodle/check")
    ModelAndView check(@RequestParam(required = false) String course, Authentication who, RedirectAttributes flash) {
        Long extra = null;
        if (course != null && course.trim().matches("\\d{1,18}")) {
            extra = Long.parseLong(course.trim());
        }
        flash.addFlashAttribute("report", check.run(extra, who.getName()));
        return Redirects.seeOther("/admin/moodle#report");
    }

    /** Back to the order the retry was asked from, or to the Moodle page. */
    @PostMapping("/admin/moodle/enrolments/{id}/retry")
    ModelAndView retry(@PathVariable long id, @RequestParam(required = false) String order, Authentication who,
            RedirectAttributes flash) {
        var row = enrolments.find(id);
        boolean queued = row.isPresent() && enroller.retry(id, who.getName());
        flash.addFlashAttribute("flash", queued ? "moodle.flash.retried" : "moodle.flash.notRetried");
        return back(order, row);
    }

    /** The administrator enrolled the payer by hand (or decided not to): the row leaves the list needing action. */
    @PostMapping("/admin/moodle/enrolments/{id}/handled")
    ModelAndView handled(@PathVariable long id, @RequestParam(required = false) String order, Authentication who,
            RedirectAttributes flash) {
        var row = enrolments.find(id);
        boolean done = row.isPresent() && enrolments.handled(id, who.getName());
        flash.addFlashAttribute("flash", done ? "moodle.flash.handled" : "moodle.flash.notHandled");
        return back(order, row);
    }

    private static ModelAndView back(String order, java.util.Optional<org.passerelle.gateway.moodle.MoodleEnrolment> row) {
        boolean toOrder = order != null && row.isPresent() && order.equals(row.get().orderId());
        return Redirects.seeOther(toOrder ? "/admin/orders/" + order + "#moodle" : "/admin/moodle");
    }
}
