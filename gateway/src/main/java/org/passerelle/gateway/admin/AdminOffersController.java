package org.passerelle.gateway.admin;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Locale;
import org.passerelle.gateway.console.ConsoleAccess;
import org.passerelle.gateway.field.FieldType;
import org.passerelle.gateway.offer.ConsoleOffers;
import org.passerelle.gateway.offer.Offer;
import org.passerelle.gateway.offer.OfferCatalog;
import org.passerelle.gateway.offer.OfferForm;
import org.passerelle.gateway.organization.Organization;
import org.passerelle.gateway.organization.Organizations;
import org.passerelle.gateway.web.Redirects;
import org.springframework.beans.InvalidPropertyException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Offers in the console: the configuration's (read only) and the console's, which an ADMIN creates, edits, archives
 * and restores. A change is in the database at once, so every instance's public pages show it on their next request.
 */
@Controller
class AdminOffersController {

    private final OfferCatalog catalog;
    private final ConsoleOffers console;
    private final Organizations organizations;

    private final ConsoleAccess access;

    AdminOffersController(OfferCatalog catalog, ConsoleOffers console, Organizations organizations,
            ConsoleAccess access) {
        this.access = access;
        this.organizations = organizations;
        this.catalog = catalog;
        this.console = console;
    }

    /**
     * A form whose parameter names do not fit it (answers[key][x], fields[0].key[1]…) is a client's mistake: a 400,
     * not a 500.
     */
    @ExceptionHandler(InvalidPropertyException.class)
    void malformedForm(HttpServletResponse response) throws java.io.IOException {
        response.sendError(HttpStatus.BAD_REQUEST.value());
    }

    /** The types of question the offer form proposes. */
    @ModelAttribute("fieldTypes")
    FieldType[] fieldTypes() {
        return FieldType.values();
    }

    /**
     * The associations linked in partner mode an offer can be sold for, besides the configured organization: those
     * the user is ADMIN of.
     */
    @ModelAttribute("linkedOrganizations")
    List<Organization> linkedOrganizations() {
        return organizations.linked().stream().filter(org -> access.administers(org.slug())).toList();
    }

    /** Whether the user may sell for the configured organization (ADMIN of it). */
    @ModelAttribute("canCreateConfigured")
    boolean canCreateConfigured() {
        return access.administers(null);
    }

    /** The offers of the user's organizations only. */
    @GetMapping("/admin/offers")
    String list(Model model) {
        model.addAttribute("fixedOffers", access.readsConfigured() ? catalog.fixedOffers() : List.of());
        model.addAttribute("consoleOffers", console.all().stream().filter(offer -> access.reads(offer.organization()))
                .toList());
        AdminOrganizationNames.addTo(model, organizations);
        model.addAttribute("configuredSlug", access.configuredSlug());
        return "admin/offers";
    }

    @GetMapping("/admin/offers/new")
    String create(Model model) {
        model.addAttribute("offerForm", new OfferForm().withBlankRows());
        model.addAttribute("creating", true);
        return "admin/offer-form";
    }

    @PostMapping("/admin/offers")
    ModelAndView create(@ModelAttribute OfferForm offerForm, BindingResult errors, Authentication who, Model model,
            RedirectAttributes flash) {
        offerForm.validate(errors, true, id -> catalog.isFixed(id) || console.find(id).isPresent());
        String seller = offerForm.getOrganization();
        if (seller != null && !seller.isBlank()
                && linkedOrganizations().stream().noneMatch(org -> org.slug().equals(seller))) {
            errors.rejectValue("organization", "offerForm.organization.unknown");
        } else if ((seller == null || seller.isBlank()) && !access.administers(null)) {
            errors.rejectValue("organization", "offerForm.organization.unknown");   // not ADMIN of the configured one
        }
        if (errors.hasErrors()) {
            return invalid(model, true);
        }
        Offer offer = offerForm.toOffer();
        if (console.create(offer, who.getName()) == ConsoleOffers.Outcome.ID_TAKEN) {
            errors.rejectValue("id", "offerForm.id.taken"); // created by someone else meanwhile
            return invalid(model, true);
        }
        flash.addFlashAttribute("flash", "golive.flash.offerCreated");
        flash.addFlashAttribute("flashArg", offer.name());
        return Redirects.seeOther("/admin/offers");
    }

    @GetMapping("/admin/offers/{id}")
    String edit(@PathVariable String id, Model model, Locale locale) {
        Offer offer = consoleOffer(id);
        model.addAttribute("canAct", access.administers(offer.organization()));
        model.addAttribute("offerForm", OfferForm.of(offer, locale));
        model.addAttribute("offer", offer);
        model.addAttribute("creating", false);
        return "admin/offer-form";
    }

    @PostMapping("/admin/offers/{id}")
    ModelAndView edit(@PathVariable String id, @ModelAttribute OfferForm offerForm, BindingResult errors,
            Authentication who, Model model, Locale locale, RedirectAttributes flash) {
        Offer current = consoleOffer(id);
        access.requireAdmin(current.organization());
        offerForm.setId(id);
        offerForm.validate(errors, false, taken -> true);
        model.addAttribute("offer", current);
        if (errors.hasErrors()) {
            return invalid(model, false);
        }
        Offer edited = offerForm.toOffer();
        switch (console.update(edited, offerForm.getVersion(), who.getName())) {
            case DONE -> {
                flash.addFlashAttribute("flash", "golive.flash.offerSaved");
                flash.addFlashAttribute("flashArg", edited.name());
                return Redirects.seeOther("/admin/offers");
            }
            case CHANGED_MEANWHILE -> {
                // show what is there now; the admin's edit is lost only if they choose so, by saving again
                Offer now = consoleOffer(id);
                model.asMap().remove(BindingResult.MODEL_KEY_PREFIX + "offerForm");
                model.addAttribute("offerForm", OfferForm.of(now, locale));
                model.addAttribute("offer", now);
                model.addAttribute("changedMeanwhile", true);
                return invalid(model, false);
            }
            default -> throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No such offer");
        }
    }

    @PostMapping("/admin/offers/{id}/archive")
    ModelAndView archive(@PathVariable String id, Authentication who, RedirectAttributes flash) {
        access.requireAdmin(consoleOffer(id).organization());
        return done(console.archive(id, who.getName()), "golive.flash.offerArchived", id, flash);
    }

    @PostMapping("/admin/offers/{id}/restore")
    ModelAndView restore(@PathVariable String id, Authentication who, RedirectAttributes flash) {
        access.requireAdmin(consoleOffer(id).organization());
        return done(console.restore(id, who.getName()), "golive.flash.offerRestored", id, flash);
    }

    private static ModelAndView done(ConsoleOffers.Outcome outcome, String message, String id,
            RedirectAttributes flash) {
        if (outcome == ConsoleOffers.Outcome.NOT_FOUND) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No such offer");
        }
        flash.addFlashAttribute("flash", message);
        flash.addFlashAttribute("flashArg", id);
        return Redirects.seeOther("/admin/offers");
    }

    private static ModelAndView invalid(Model model, boolean creating) {
        model.addAttribute("creating", creating);
        return new ModelAndView("admin/offer-form", model.asMap(), HttpStatus.BAD_REQUEST);
    }

    /** A console offer the user may see: another organization's is not found. */
    private Offer consoleOffer(String id) {
        Offer offer = console.find(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such offer"));
        access.requireRead(offer.organization());
        return offer;
    }
}
