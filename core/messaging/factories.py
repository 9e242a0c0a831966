import factory

from core.messaging.models import Channel, Delivery, Message, MessageTemplate


class MessageTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MessageTemplate

    name = "Invitation"
    subject = "Invitation : {animation}"
    body = "Bonjour {prenom}, venez à {animation} le {date} à {heure}, {lieu}."
    sms_body = "Bonjour {prenom}, {animation} le {date} a {heure}, {lieu}."


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    subject = "Fête des voisins"
    body = "Bonjour {prenom}, la fête des voisins a lieu samedi dans la salle commune."


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    message = factory.SubFactory(MessageFactory)
    resident = factory.SubFactory("core.people.factories.ResidentFactory")
    channel = Channel.CALL
