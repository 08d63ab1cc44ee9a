<?php
// This file is part of paygw_passerelle, a Moodle payment gateway for Passerelle.
// SPDX-License-Identifier: GPL-3.0-or-later

/**
 * Chaînes françaises de la passerelle de paiement Passerelle.
 *
 * @package    paygw_passerelle
 * @copyright  2026 Passerelle contributors
 * @license    https://www.gnu.org/licenses/gpl-3.0.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$string['alreadypaid'] = 'Ce paiement a déjà été reçu.';
$string['apikey'] = 'Clé d\'API';
$string['apikey_help'] = 'Une clé d\'API de Passerelle : une de sa configuration (passerelle.api.keys) ou une créée dans sa console d\'administration (Clés d\'API), affichée une seule fois à sa création.';
$string['check:apikey'] = 'Passerelle refuse cette clé d\'API (erronée ou révoquée). Collez une clé active de ce Passerelle.';
$string['check:apikeyrequired'] = 'Indiquez une clé d\'API de Passerelle.';
$string['check:blocked'] = 'Les réglages de sécurité HTTP de Moodle bloquent {$a->url}. Retirez {$a->host} de la « Liste des hôtes cURL bloqués » et ajoutez {$a->port} à la « Liste des ports cURL autorisés » (Administration du site > Généralités > Sécurité > Sécurité HTTP), ou utilisez l\'adresse publique https de Passerelle.';
$string['check:events'] = 'Le point de réception des webhooks de ce site dans Passerelle ne reçoit pas {$a} : ajoutez cet événement à ce point de réception dans Passerelle, ou laissez-le recevoir tous les événements.';
$string['check:noendpoint'] = 'Passerelle n\'a aucun point de réception de webhooks à l\'adresse {$a}. Ajoutez-en un dans Passerelle (console d\'administration, Webhooks, ou passerelle.webhooks.endpoints) et collez ici son secret.';
$string['check:notpasserelle'] = 'Aucune API Passerelle ne répond à {$a->url} (HTTP {$a->status}). Indiquez l\'adresse de Passerelle, sans /api.';
$string['check:secretform'] = 'Le secret des webhooks commence par whsec_, tel que Passerelle l\'affiche.';
$string['check:unreachable'] = 'Moodle n\'a pas pu joindre {$a->url} : {$a->detail}';
$string['check:url'] = 'Indiquez l\'adresse de Passerelle, par exemple https://paiement.example.org.';
$string['check:wrongsecret'] = 'Ce n\'est pas le secret du point de réception {$a} dans Passerelle : collez le secret que Passerelle a affiché à son ajout.';
$string['error:alreadydelivered'] = 'La commande {$a} a été livrée par une autre requête.';
$string['error:amounttoosmall'] = 'HelloAsso accepte les paiements à partir de 0,50 EUR.';
$string['error:blocked'] = 'Les réglages de sécurité HTTP de Moodle bloquent l\'adresse de Passerelle ({$a->url}).';
$string['error:busy'] = 'Ce paiement est déjà en préparation : réessayez dans un instant.';
$string['error:currency'] = 'HelloAsso n\'accepte que les euros, pas {$a}.';
$string['error:deliveryrefused'] = 'Le paiement a été reçu mais {$a} ne l\'a pas livré ; ce sera retenté.';
$string['error:guest'] = 'Connectez-vous pour payer.';
$string['error:notconfigured'] = 'La passerelle Passerelle du compte de paiement {$a} n\'est pas configurée.';
$string['error:notfound'] = 'Passerelle ne connaît pas cette commande ({$a->url}).';
$string['error:notpasserelle'] = 'Aucune API Passerelle ne répond à {$a->url} (HTTP {$a->status}).';
$string['error:notyourpayment'] = 'Ce paiement est celui d\'un autre utilisateur.';
$string['error:refused'] = 'Passerelle a refusé la requête (HTTP {$a->status}, {$a->code}) : {$a->detail}';
$string['error:unauthorized'] = 'Passerelle refuse la clé d\'API de ce compte de paiement.';
$string['error:unknownpayment'] = 'Paiement inconnu : le lien est incomplet ou erroné.';
$string['error:unreachable'] = 'Le service de paiement est injoignable pour le moment ({$a->url}). Réessayez dans quelques minutes.';
$string['gatewaydescription'] = 'Payez par carte avec HelloAsso, la plateforme de paiement des associations.';
$string['gatewayname'] = 'HelloAsso';
$string['itemname:enrol'] = 'Inscription : {$a}';
$string['itemname:other'] = 'Paiement {$a}';
$string['passerelleurl'] = 'Adresse de Passerelle';
$string['passerelleurl_help'] = 'L\'adresse publique de votre Passerelle, par exemple https://paiement.example.org. Moodle appelle son API, et les apprenants y sont envoyés pour payer.';
$string['pluginname'] = 'Passerelle (HelloAsso)';
$string['pluginname_desc'] = 'Les apprenants paient par carte avec HelloAsso par l\'intermédiaire de votre Passerelle, qui vérifie chaque paiement auprès d\'HelloAsso, prévient Moodle et fait les rapprochements. Renseignez l\'adresse de Passerelle, la clé d\'API et le secret des webhooks dans chaque compte de paiement qui l\'utilise.';
$string['privacy:attempts'] = 'Tentatives de paiement Passerelle';
$string['privacy:metadata:passerelle'] = 'Pour pré-remplir la page de paiement d\'HelloAsso et retrouver le paiement ensuite, les informations de l\'utilisateur sont envoyées à Passerelle, le serveur de paiement de l\'association, qui transmet les nom, prénom, adresse e-mail et pays à HelloAsso.';
$string['privacy:metadata:passerelle:country'] = 'Le pays de l\'utilisateur.';
$string['privacy:metadata:passerelle:email'] = 'L\'adresse e-mail de l\'utilisateur.';
$string['privacy:metadata:passerelle:firstname'] = 'Le prénom de l\'utilisateur.';
$string['privacy:metadata:passerelle:lastname'] = 'Le nom de l\'utilisateur.';
$string['privacy:metadata:passerelle:userid'] = 'L\'identifiant de l\'utilisateur, dans les métadonnées de la commande.';
$string['privacy:metadata:paygw_passerelle'] = 'Chaque tentative de paiement d\'un utilisateur par Passerelle.';
$string['privacy:metadata:paygw_passerelle:amount'] = 'Le montant à payer.';
$string['privacy:metadata:paygw_passerelle:orderid'] = 'La commande dans Passerelle.';
$string['privacy:metadata:paygw_passerelle:status'] = 'L\'état de la commande dans Passerelle.';
$string['privacy:metadata:paygw_passerelle:timecreated'] = 'Le début de la tentative.';
$string['privacy:metadata:paygw_passerelle:userid'] = 'L\'utilisateur qui paie.';
$string['return:back'] = 'Retour';
$string['return:checkagain'] = 'Vérifier à nouveau';
$string['return:closed'] = 'Ce paiement a été annulé ou remboursé.';
$string['return:follow'] = 'Suivre ce paiement sur le service de paiement';
$string['return:paid'] = 'Merci : votre paiement a bien été reçu.';
$string['return:payagain'] = 'Réessayer';
$string['return:paynow'] = 'Payer maintenant';
$string['return:refused'] = 'HelloAsso a refusé le paiement et rien n\'a été prélevé. Vous pouvez réessayer, avec une autre carte si besoin.';
$string['return:title'] = 'Paiement';
$string['return:unavailable'] = 'Le service de paiement n\'a pas pu être interrogé pour le moment. Si vous avez payé, votre accès suivra de lui-même d\'ici quelques minutes : vous pouvez fermer cette page.';
$string['return:waiting'] = 'Votre paiement n\'est pas encore confirmé. Si vous avez payé, HelloAsso le fait peut-être encore valider par votre banque : votre accès suivra de lui-même et vous pouvez fermer cette page. Si vous n\'avez pas fini de payer, payez maintenant.';
$string['task:checkpending'] = 'Vérifier les paiements Passerelle en cours';
$string['unenrolonrefund'] = 'Mettre fin à l\'inscription en cas de remboursement total';
$string['unenrolonrefund_help'] = 'Quand une commande est entièrement remboursée dans Passerelle (ou dans le back-office d\'HelloAsso), l\'apprenant est désinscrit du cours payé (inscription après paiement uniquement). Le point de réception des webhooks dans Passerelle doit alors recevoir order.refunded.';
$string['webhooksecret'] = 'Secret des webhooks';
$string['webhooksecret_help'] = 'Le secret du point de réception des webhooks ajouté dans Passerelle pour l\'adresse ci-dessus (whsec_…). Passerelle ne l\'affiche qu\'une fois, à son ajout.';
$string['webhookurl'] = 'Adresse des webhooks';
$string['webhookurl_help'] = 'Ajoutez dans Passerelle (console d\'administration, Webhooks) un point de réception avec exactement cette adresse, pour les événements order.paid et order.refunded (ou tous). Passerelle prévient alors Moodle des paiements même quand l\'apprenant ne revient pas.';
