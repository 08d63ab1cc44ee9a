package org.passerelle.gateway.offer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.passerelle.gateway.config.HelloAssoSettings;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.connection.HelloAssoConnection;
import org.passerelle.gateway.field.FieldProblem;
import org.passerelle.gateway.field.FieldValidator;
import org.passerelle.gateway.order.AccessTokens;
import org.passerelle.gateway.order.Instalments;
import org.passerelle.gateway.order.NewOrder;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderService;
import org.passerelle.gateway.organization.Organization;
import org.passerelle.gateway.organization.Organizations;
import org.passerelle.gateway.web.AddressLimits;
import org.passerelle.gateway.web.ClientIp;
import org.passerelle.gateway.web.Redirects;
import org.springframework.beans.InvalidPropertyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;

/**
 * The public pages: the list of offers, and one offer's form that creates the order and sends the payer to pay. The
 * configured organization's offers are at {@code /} and {@code /offers/{id}} (as before organizations existed) and at
 * {@code /o/{slug}/…}; an association linked in partner mode has its offers at {@code /o/{slug}/…} only, its name on
 * the pages, and its orders paid to it. An offer is found only under its own organization: another's is "not found".
 */
@Controller
public class OfferController {

    // the zone HelloAsso dates its terms in, as the checkout does
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private final OfferCatalog catalog;
    private final OrderService orders;
    private final HelloAssoSettings helloAsso;
    private final UtcClock clock;
    private final HelloAssoConnection connection;
    private final AddressLimits limits;
    private final Organizations organizations;

    public OfferController(OfferCatalog catalog, OrderService orders, HelloAssoSettings helloAsso, UtcClock clock,
            HelloAssoConnection connection, AddressLimits limits, Organizations organizations) {
        this.organizations = organizations;
        this.connection = connection;
        this.catalog = catalog;
        this.orders = orders;
        this.helloAsso = helloAsso;
        this.clock = clock;
        this.limits = limits;
    }

    /** Whose pages these are: an organization's (under /o/{slug}), or the configured one's at the old URLs. */
    private record Seller(Organization organization, String slug, boolean configured, String base) {

        /** The offer's own column: null for the configured organization. */
        String offerOrganization() {
            return configured ? null : slug;
        }
    }

    private Seller configured() {
        // its name once a check of its account read it from HelloAsso (never its slug on these pages)
        return new Seller(organizations.find(helloAsso.organization()).filter(Organization::named).orElse(null),
                helloAsso.organization(), true, "");
    }

    private Seller seller(String slug) {
        Organization organization = organizations.find(slug)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such organization"));
        boolean configured = slug.equals(helloAsso.organization());
        if (!configured && !organization.linked()) {
            // an organization Passerelle no longer acts for (the emulator's, after going live): nothing sold
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No such organization");
        }
        return new Seller(organization, slug, configured, "/o/" + slug);
    }

    @GetMapping("/")
    public String list(Model model) {
        return list(configured(), model);
    }

    @GetMapping({"/o/{slug}", "/o/{slug}/"})
    public String list(@PathVariable String slug, Model model) {
        return list(seller(slug), model);
    }

    private String list(Seller seller, Model model) {
        model.addAttribute("offers", catalog.soldFor(seller.offerOrganization()));
        model.addAttribute("paymentsUnavailable", seller.configured() && paymentsUnavailable());
        seller(seller, model);
        return "offer/list";
    }

    private static void seller(Seller seller, Model model) {
        model.addAttribute("offersBase", seller.base());
        if (seller.organization() != null) {
            model.addAttribute("association", seller.organization());
        }
    }

    /**
     * HelloAsso refused Passerelle's settings (wrong credentials or organization): say so before the payer fills the
     * form in. The association sees the cause on its dashboard; the state heals itself once HelloAsso accepts them.
     */
    private boolean paymentsUnavailable() {
        return connection.status().isMisconfigured();
    }

    @GetMapping("/offers/{id}")
    public String show(@PathVariable String id, Model model, Locale locale) {
        return show(configured(), id, model, locale);
    }

    @GetMapping("/o/{slug}/offers/{id}")
    public String show(@PathVariable String slug, @PathVariable String id, Model model, Locale locale) {
        return show(seller(slug), id, model, locale);
    }

    private String show(Seller seller, String id, Model model, Locale locale) {
        Offer offer = offer(seller, id);
        PayerForm form = new PayerForm();
        model.addAttribute("payerForm", form);
        return form(seller, offer, model, locale);
    }

    @PostMapping("/offers/{id}")
    public ModelAndView order(@PathVariable String id, @Valid @ModelAttribute PayerForm payerForm, BindingResult errors,
            Model model, Locale locale, HttpServletRequest request, HttpServletResponse response) {
        return order(configured(), id, payerForm, errors, model, locale, request, response);
    }

    @PostMapping("/o/{slug}/offers/{id}")
    public ModelAndView order(@PathVariable String slug, @PathVariable String id,
            @Valid @ModelAttribute PayerForm payerForm, BindingResult errors, Model model, Locale locale,
            HttpServletRequest request, HttpServletResponse response) {
        return order(seller(slug), id, payerForm, errors, model, locale, request, response);
    }

    private ModelAndView order(Seller seller, String id, PayerForm payerForm, BindingResult errors, Model model,
            Locale locale, HttpServletRequest request, HttpServletResponse response) {
        Offer offer = offer(seller, id);
        OfferFormRules.validate(payerForm, offer, clock.today(PARIS), errors);
        FieldValidator.Result answers = FieldValidator.validate(offer.fields(), payerForm.getAnswers());
        for (FieldProblem problem : answers.problems()) {
            if (problem.code().equals("answer.unknown")) {
                errors.reject(problem.code(), problem.getArguments(), problem.english());
            } else {
                errors.rejectValue("answers[" + problem.field() + "]", problem.code(), problem.getArguments(),
                        problem.english());
            }
        }
        if (errors.hasErrors()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return new ModelAndView(form(seller, offer, model, locale));
        }
        if (!limits.tryAcquire(AddressLimits.Kind.ORDER, ClientIp.of(request))) {
            // checked once the form is valid: only orders that would be stored are counted
            return new ModelAndView("checkout/too-often", HttpStatus.TOO_MANY_REQUESTS).addObject("retryUrl", seller.base() + "/offers/" + offer.id());
        }
        Order.Payer payer = new Order.Payer(payerForm.getFirstName(), payerForm.getLastName(), payerForm.getEmail(),
                payerForm.getCountry(), offer.askBirthDate() ? payerForm.getBirthDate() : null);
        NewOrder newOrder = new NewOrder(offer.id(), offer.name(), OfferFormRules.amount(payerForm, offer), offer.donation(),
                payer, null, null, seller.slug(), null, null, false, offer.instalments());
        OrderService.CreatedOrder created = orders.create(newOrder, ClientIp.of(request), orderId -> AccessTokens.generate(),
                answers.answers());
        return Redirects.seeOther("/pay/" + created.order().id() + "?t="
                + URLEncoder.encode(created.accessToken(), StandardCharsets.UTF_8));
    }

    /**
     * A form whose parameter names do not fit it (answers[key][x], fields[0].key[1]…) is a client's mistake: a 400,
     * not a 500.
     */
    @ExceptionHandler(InvalidPropertyException.class)
    void malformedForm(HttpServletResponse response) throws java.io.IOException {
        response.sendError(HttpStatus.BAD_REQUEST.value());
    }

    private String form(Seller seller, Offer offer, Model model, Locale locale) {
        model.addAttribute("offer", offer);
        model.addAttribute("paymentsUnavailable", seller.configured() && paymentsUnavailable());
        seller(seller, model);
        model.addAttribute("countries", Countries.all(locale));
        model.addAttribute("schedule", schedule(offer));
        return "offer/form";
    }

    /** A term the payer will pay: its amount (null when they choose the amount) and its date. */
    public record Term(Integer amount, LocalDate date) {
    }

    /** The terms as the payer sees them before paying; empty for a single payment. */
    private List<Term> schedule(Offer offer) {
        if (offer.instalments() <= 1) {
            return List.of();
        }
        LocalDate today = clock.today(PARIS);
        List<LocalDate> dates = new ArrayList<>(List.of(today));
        dates.addAll(Instalments.laterDates(today, offer.instalments()));
        List<Integer> amounts = offer.payWhatYouWant() ? null : Instalments.split(offer.price(), offer.instalments());
        List<Term> terms = new ArrayList<>();
        for (int i = 0; i < dates.size(); i++) {
            terms.add(new Term(amounts == null ? null : amounts.get(i), dates.get(i)));
        }
        return terms;
    }

    /** The offer, if this organization sells it (another's is not found here, so that none leaks into another). */
    private Offer offer(Seller seller, String id) {
        return catalog.find(id).filter(offer -> offer.soldFor(seller.slug(), helloAsso.organization()))
                .orElseThrow(() -> catalog.isArchived(id) && catalog.wasSoldFor(id, seller.offerOrganization())
                        ? new ResponseStatusException(HttpStatus.GONE, "This offer was archived")
                        : new ResponseStatusException(HttpStatus.NOT_FOUND, "No such offer"));
    }
}
