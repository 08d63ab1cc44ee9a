// This file is part of paygw_passerelle, a Moodle payment gateway for Passerelle.
// SPDX-License-Identifier: GPL-3.0-or-later

/**
 * The Passerelle gateway in Moodle's payment modal: "Proceed" asks the plugin's web service to start (or resume) the
 * payment, then sends the learner to HelloAsso's page. The amount is computed by the server.
 *
 * @module     paygw_passerelle/gateways_modal
 * @copyright  2026 Passerelle contributors
 * @license    https://www.gnu.org/licenses/gpl-3.0.html GNU GPL v3 or later
 */

import Ajax from 'core/ajax';

/**
 * Called by core_payment when the learner proceeds with this gateway.
 *
 * Resolves with a message when the item had already been paid (core then shows it and goes to the success page),
 * rejects with a message when the payment cannot start (core shows it and the modal stays open), and otherwise never
 * settles: the browser is on its way to HelloAsso, and Passerelle brings the learner back to Moodle afterwards.
 *
 * @param {string} component Name of the component that the itemId belongs to
 * @param {string} paymentArea Name of the area in the component that the itemId belongs to
 * @param {number} itemId An internal identifier that is used by the component
 * @param {string} description Description of the payment
 * @returns {Promise<string>}
 */
export const process = (component, paymentArea, itemId, description) => {
    const request = Ajax.call([{
        methodname: 'paygw_passerelle_start_payment',
        args: {component, paymentarea: paymentArea, itemid: itemId, description},
    }])[0];
    return Promise.resolve(request).then(result => {
        if (result.status === 'delivered') {
            return result.message;
        }
        window.location.assign(result.url);
        return new Promise(() => null);
    }, error => Promise.reject((error && error.message) || String(error)));
};
