package org.passerelle.gateway.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.support.RequestContextUtils;

/** French by default, English on request: {@code ?lang=en} (remembered in a cookie) or Accept-Language. */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration implements WebMvcConfigurer {

    static final List<Locale> SUPPORTED = List.of(Locale.FRENCH, Locale.ENGLISH);

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("passerelle-lang");
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setDefaultLocaleFunction(WebConfiguration::fromAcceptLanguage);
        return resolver;
    }

    /** The caller's language from Accept-Language alone: French unless it prefers English. */
    public static Locale fromAcceptLanguage(HttpServletRequest request) {
        try {
            if (request.getHeader("Accept-Language") == null) {
                return Locale.FRENCH;
            }
        } catch (RuntimeException refused) {
            // a header value the firewall refuses (control characters): the default language, not an error
            return Locale.FRENCH;
        }
        for (Locale wanted : Collections.list(request.getLocales())) {
            for (Locale supported : SUPPORTED) {
                if (supported.getLanguage().equals(wanted.getLanguage())) {
                    return supported;
                }
            }
        }
        return Locale.FRENCH;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                String lang = request.getParameter("lang");
                SUPPORTED.stream().filter(locale -> locale.getLanguage().equals(lang)).findFirst()
                        .ifPresent(locale -> RequestContextUtils.getLocaleResolver(request).setLocale(request, response, locale));
                return true;
            }
        });
    }
}
