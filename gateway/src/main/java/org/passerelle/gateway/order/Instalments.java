package org.passerelle.gateway.order;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Payment in monthly terms: the split of an amount in whole cents (nothing lost, the earlier terms taking the extra
 * cents) and the due dates (same day each month, never after the 28th so that every month has it).
 */
public final class Instalments {

    public static final int MAX_TERMS = 12;
    public static final int LAST_DAY = 28;

    private Instalments() {
    }

    /** The amounts of {@code terms} payments adding up to {@code total} cents, differing by one cent at most. */
    public static List<Integer> split(int total, int terms) {
        if (terms < 1 || terms > MAX_TERMS) {
            throw new IllegalArgumentException("between 1 and " + MAX_TERMS + " terms, got " + terms);
        }
        if (total < terms) {
            throw new IllegalArgumentException("cannot split " + total + " cents into " + terms + " terms");
        }
        List<Integer> amounts = new ArrayList<>(terms);
        for (int i = 0; i < terms; i++) {
            amounts.add(total / terms + (i < total % terms ? 1 : 0));
        }
        return amounts;
    }

    /** The due dates of terms 2..n when term 1 is paid on {@code firstDay}. */
    public static List<LocalDate> laterDates(LocalDate firstDay, int terms) {
        int day = Math.min(firstDay.getDayOfMonth(), LAST_DAY);
        List<LocalDate> dates = new ArrayList<>(terms - 1);
        for (int n = 1; n < terms; n++) {
            dates.add(firstDay.plusMonths(n).withDayOfMonth(day));
        }
        return dates;
    }
}
