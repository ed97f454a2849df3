"""Validation of JSON data against the component schemas of the KPN Things APIs.

``validate(schema_name, instance)`` checks any JSON value against any
component schema, by its name in the spec, and raises ValidationError listing
every violation with its path.  See ``_validation`` for the exact semantics.
"""

from __future__ import annotations

import json as _json
import typing as _t

from ._validation import Validator
from .errors import ValidationError

__all__ = [
    "SCHEMAS",
    "ValidationError",
    "is_valid",
    "validate",
    "validate_device_id",
    "validate_device_id_deveui",
    "validate_device_id_dvnuuid",
    "validate_device_id_imei",
    "validate_device_id_uuid",
    "validate_device_urn_deveui",
    "validate_device_urn_dvnuuid",
    "validate_device_urn_imei",
    "validate_non_blank_string",
]

Direction = _t.Literal["request", "response"]

SCHEMAS: dict[str, _t.Any] = _json.loads(r"""
{
 "PageOfDevices": {
  "type": "object",
  "allOf": [
   {
    "$ref": "#/components/schemas/Page"
   },
   {
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/DeviceResponse"
      }
     }
    }
   }
  ],
  "description": "A paginated list of devices",
  "title": "PageOfDevices"
 },
 "Page": {
  "type": "object",
  "description": "Page of items",
  "properties": {
   "items": {
    "type": "array",
    "items": {}
   },
   "next": {
    "type": "string",
    "format": "uri",
    "description": "Pagination link pointing to the next page. Only provided when not at the last page."
   },
   "prev": {
    "type": "string",
    "format": "uri",
    "description": "Pagination link pointing to the previous page. Only provided when not at the first page."
   }
  },
  "required": [
   "items"
  ],
  "title": "Page"
 },
 "DeviceResponse": {
  "type": "object",
  "allOf": [
   {
    "$ref": "#/components/schemas/Device"
   },
   {
    "type": "object",
    "description": "Embedded items for the device",
    "properties": {
     "_embedded": {
      "type": "object",
      "properties": {
       "project": {
        "$ref": "#/components/schemas/Project"
       },
       "deviceSpecification": {
        "$ref": "#/components/schemas/DeviceSpecification"
       }
      }
     }
    }
   }
  ],
  "description": "Device with optional embedded entities",
  "title": "DeviceResponse"
 },
 "Device": {
  "type": "object",
  "properties": {
   "id": {
    "type": "string",
    "format": "uuid",
    "description": "The id of the device",
    "readOnly": true
   },
   "createdAt": {
    "type": "string",
    "format": "date-time",
    "description": "The timestamp when the device is created in the system.",
    "readOnly": true
   },
   "createdBy": {
    "type": "string",
    "description": "The user who created the device.",
    "readOnly": true
   },
   "modifiedAt": {
    "type": "string",
    "format": "date-time",
    "description": "The timestamp when the device is last modified in the system.",
    "readOnly": true
   },
   "modifiedBy": {
    "type": "string",
    "description": "The user who last modified the device.",
    "readOnly": true
   },
   "name": {
    "type": "string",
    "description": "Name of this device",
    "maxLength": 255,
    "minLength": 1,
    "pattern": "^(?![\\u0009\\u000a\\u000b\\u000c\\u000d \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]*\\Z)[^\\u000a\\u000d\\u2028\\u2029]"
   },
   "status": {
    "$ref": "#/components/schemas/DeviceStatus"
   },
   "metadata": {
    "type": "object",
    "additionalProperties": {
     "type": "string"
    },
    "description": "A JSON object containing key-value metadata"
   },
   "barcode": {
    "type": "string",
    "description": "Barcode of the device"
   },
   "description": {
    "type": "string",
    "description": "Description of this device",
    "maxLength": 255
   },
   "clientId": {
    "type": "string",
    "format": "uuid",
    "description": "ID of owning client"
   },
   "projectId": {
    "type": "string",
    "format": "uuid",
    "description": "ID of the project the device belongs to"
   },
   "deviceSpecificationId": {
    "type": "string",
    "format": "uuid",
    "description": "ID of the device specification of the device"
   },
   "networkAdapters": {
    "type": "array",
    "description": "List of network adapters attached to the device",
    "items": {
     "$ref": "#/components/schemas/NetworkAdapter"
    }
   }
  },
  "required": [
   "clientId",
   "deviceSpecificationId",
   "name",
   "projectId"
  ],
  "title": "Device"
 },
 "DeviceStatus": {
  "type": "string",
  "description": "Status of the device. Known values include: ACTIVE and INACTIVE"
 },
 "NetworkAdapter": {
  "type": "object",
  "description": "A network adapter",
  "discriminator": {
   "propertyName": "type",
   "mapping": {
    "cellular": "#/components/schemas/CellularNetworkAdapter",
    "generic": "#/components/schemas/GenericNetworkAdapter",
    "lora": "#/components/schemas/LoraNetworkAdapter"
   }
  },
  "oneOf": [
   {
    "$ref": "#/components/schemas/CellularNetworkAdapter"
   },
   {
    "$ref": "#/components/schemas/GenericNetworkAdapter"
   },
   {
    "$ref": "#/components/schemas/LoraNetworkAdapter"
   }
  ],
  "properties": {
   "type": {
    "type": "string",
    "description": "The type of network adapter. Known values are: cellular, generic and lora"
   },
   "urn": {
    "description": "The URN for this network adapter",
    "readOnly": true
   }
  },
  "required": [
   "type",
   "urn"
  ],
  "title": "NetworkAdapter"
 },
 "CellularNetworkAdapter": {
  "type": "object",
  "description": "Network adapter used to connect to cellular (mobile) networks",
  "properties": {
   "id": {
    "type": "string",
    "format": "uuid",
    "description": "The id of the network adapter",
    "readOnly": true
   },
   "type": {
    "type": "string",
    "description": "The type of network adapter; must be 'cellular' for CellularNetworkAdapter"
   },
   "createdAt": {
    "type": "string",
    "format": "date-time",
    "description": "The timestamp when the network adapter is created in the system.",
    "readOnly": true
   },
   "createdBy": {
    "type": "string",
    "description": "The user who created the network adapter.",
    "readOnly": true
   },
   "modifiedAt": {
    "type": "string",
    "format": "date-time",
    "description": "The timestamp when the network adapter is last modified in the system.",
    "readOnly": true
   },
   "modifiedBy": {
    "type": "string",
    "description": "The user who last modified the network adapter.",
    "readOnly": true
   },
   "imei": {
    "type": "string",
    "description": "The International Mobile Equipment Identity (IMEI) that identifies the cellular adapter",
    "maxLength": 16,
    "minLength": 15
   },
   "iccId": {
    "type": "string",
    "description": "The Integrated Circuit Card Identifier (ICCID) that identifies the SIM chip",
    "maxLength": 22,
    "minLength": 18
   },
   "urn": {
    "type": "string",
    "description": "The URN for this network adapter",
    "readOnly": true
   }
  },
  "required": [
   "imei",
   "type"
  ],
  "title": "CellularNetworkAdapter"
 },
 "GenericNetworkAdapter": {
  "type": "object",
  "description": "Generic network adapter that provides access to the public Internet",
  "properties": {
   "id": {
    "type": "string",
    "format": "uuid",
    "description": "The id of the network adapter",
    "readOnly": true
   },
   "type": {
    "type": "string",
    "description": "The type of network adapter; must be 'generic' for GenericNetworkAdapter"
   },
   "createdAt": {
    "type": "string",
    "format": "date-time",
    "description": "The timestamp when the network adapter is created in the system.",
    "readOnly": true
   },
   "createdBy": {
    "type": "string",
    "description": "The user who created the network adapter.",
    "readOnly": true
   },
   "modifiedAt": {
    "type": "string",
    "format": "date-time",
    "description": "The timestamp when the network adapter is last modified in the system.",
    "readOnly": true
   },
   "modifiedBy": {
    "type": "string",
    "description": "The user who last modified the network adapter.",
    "readOnly": true
   },
   "dvnUuid": {
    "type": "string",
    "format": "uuid",
    "description": "The unique identifier for this network adapter; defaults to the device ID, but may be set to a different value"
   },
   "urn": {
    "type": "string",
    "description": "The URN for this network adapter",
    "readOnly": true
   }
  },
  "required": [
   "dvnUuid",
   "type"
  ],
  "title": "GenericNetworkAdapter"
 },
 "LoraNetworkAdapter": {
  "type": "object",
  "properties": {
   "id": {
    "type": "string",
    "format": "uuid",
    "description": "The id of the network adapter",
    "readOnly": true
   },
   "type": {
    "type": "string",
    "description": "The type of network adapter; must be 'lora' for LoraNetworkAdapter"
   },
   "createdAt": {
    "type": "string",
    "format": "date-time",
    "description": "The timestamp when the network adapter is created in the system.",
    "readOnly": true
   },
   "createdBy": {
    "type": "string",
    "description": "The user who created the network adapter.",
    "readOnly": true
   },
   "modifiedAt": {
    "type": "string",
    "format": "date-time",
    "description": "The timestamp when the network adapter is last modified in the system.",
    "readOnly": true
   },
   "modifiedBy": {
    "type": "string",
    "description": "The user who last modified the network adapter.",
    "readOnly": true
   },
   "devEui": {
    "type": "string",
    "description": "The Device Extended Unique Identifier (DevEUI) that identifies the LoRa node",
    "maxLength": 16
   },
   "urn": {
    "type": "string",
    "description": "The URN for this network adapter",
    "readOnly": true
   }
  },
  "required": [
   "devEui",
   "type"
  ],
  "title": "LoraNetworkAdapter"
 },
 "Project": {
  "type": "object",
  "description": "Project in KPN Things that serves as a container for devices, destinations, flows and metadata",
  "properties": {
   "id": {
    "type": "string",
    "format": "uuid",
    "description": "The entity ID",
    "readOnly": true
   },
   "clientId": {
    "type": "string",
    "format": "uuid",
    "description": "ID of owning client"
   },
   "createdAt": {
    "type": "string",
    "format": "date-time",
    "description": "The timestamp when the project is created in the system.",
    "readOnly": true
   },
   "createdBy": {
    "type": "string",
    "description": "The user who created the project.",
    "readOnly": true
   },
   "modifiedAt": {
    "type": "string",
    "format": "date-time",
    "description": "The timestamp when the project is last modified in the system.",
    "readOnly": true
   },
   "modifiedBy": {
    "type": "string",
    "description": "The user who last modified the project.",
    "readOnly": true
   },
   "name": {
    "allOf": [
     {
      "$ref": "#/components/schemas/NonBlankString"
     },
     {
      "type": "string",
      "description": "The project name"
     }
    ]
   },
   "description": {
    "allOf": [
     {
      "$ref": "#/components/schemas/NonBlankString"
     },
     {
      "type": "string",
      "description": "A short description of the project"
     }
    ]
   },
   "definition": {
    "$ref": "#/components/schemas/ProjectDefinition"
   }
  },
  "required": [
   "clientId",
   "definition",
   "id",
   "name"
  ],
  "title": "Project"
 },
 "NonBlankString": {
  "type": "string",
  "description": "Must not be empty or contain only whitespace.",
  "minLength": 1,
  "pattern": "[^\\u0009\\u000a\\u000b\\u000c\\u000d \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]"
 },
 "ProjectDefinition": {
  "type": "object",
  "description": "Describes the type and constraints of a KPN Things Project",
  "properties": {
   "type": {
    "type": "string",
    "description": "The project type. Known values include: ASSET_INSURANCE_E2E, ASSET_TRACKING_E2E, ASSET_TRACKING_RESELLER, CONDITION_MONITORING_E2E, CUSTOM, CUSTOM_RESELLER, EXPLORER, EXPLORER_WITH_M2M, FILL_LEVEL_E2E, FILL_LEVEL_RESELLER, FREEMIUM, FREEMIUM_WITH_M2M, MODULAR, MODULAR_RESTRICTED, TAILORED and UNLIMITED"
   },
   "maxDevices": {
    "type": "integer",
    "format": "int32",
    "description": "The maximum number of devices that can be registered under a project. -1 means unbounded."
   },
   "maxDestinations": {
    "type": "integer",
    "format": "int32",
    "description": "The maximum number of destinations that can be registered under a project. -1 means unbounded."
   },
   "maxDeviceGroups": {
    "type": "integer",
    "format": "int32",
    "description": "The maximum number of device groups that can be registered under a project. -1 means unbounded."
   }
  },
  "required": [
   "type"
  ],
  "title": "ProjectDefinition"
 },
 "DeviceSpecification": {
  "type": "object",
  "description": "The specification for a device",
  "properties": {
   "id": {
    "type": "string",
    "format": "uuid",
    "description": "The id of the device specification",
    "readOnly": true
   },
   "createdAt": {
    "type": "string",
    "format": "date-time",
    "description": "The timestamp when the device specification is created in the system",
    "readOnly": true
   },
   "createdBy": {
    "type": "string",
    "description": "The user who created the device specification",
    "readOnly": true
   },
   "modifiedAt": {
    "type": "string",
    "format": "date-time",
    "description": "The timestamp when the device is last modified in the system.",
    "readOnly": true
   },
   "modifiedBy": {
    "type": "string",
    "description": "The user who last modified the device specification",
    "readOnly": true
   },
   "name": {
    "type": "string",
    "description": "Name of this device specification"
   },
   "description": {
    "type": "string",
    "description": "Description of this device specification"
   },
   "manufacturer": {
    "type": "string",
    "description": "The manufacturer of the device this specification is about"
   },
   "model": {
    "type": "string",
    "description": "The model of the device the specification is about"
   },
   "managed": {
    "type": "boolean",
    "default": false,
    "description": "Indicates whether the device specification is managed by KPN"
   },
   "availability": {
    "type": "string",
    "default": "PRIVATE",
    "description": "The availability of the device specification",
    "enum": [
     "GLOBAL",
     "PRIVATE"
    ]
   },
   "clientId": {
    "type": "string",
    "format": "uuid",
    "description": "ID of owning client"
   }
  },
  "required": [
   "clientId",
   "manufacturer",
   "model",
   "name"
  ],
  "title": "DeviceSpecification"
 },
 "Problem": {
  "type": "object",
  "description": "Error information details",
  "properties": {
   "type": {
    "type": "string",
    "format": "uri-reference",
    "default": "about:blank",
    "description": "A URI reference that uniquely identifies the problem type only in the\ncontext of the provided API. Opposed to the specification in RFC-9457,\nit is neither recommended to be dereferenceable and point to a\nhuman-readable documentation nor globally unique for the problem type."
   },
   "title": {
    "type": "string",
    "description": "A short summary of the problem type. Written in English and readable\nfor engineers, usually not suited for non technical stakeholders and\nnot localized."
   },
   "status": {
    "type": "integer",
    "format": "int32",
    "description": "The HTTP status code generated by the origin server for this occurrence\nof the problem.",
    "exclusiveMaximum": 600,
    "minimum": 100
   },
   "detail": {
    "type": "string",
    "description": "A human readable explanation specific to this occurrence of the\nproblem that is helpful to locate the problem and give advice on how\nto proceed. Written in English and readable for engineers, usually not\nsuited for non technical stakeholders and not localized."
   },
   "instance": {
    "type": "string",
    "format": "uri-reference",
    "description": "A URI reference that identifies the specific occurrence of the problem,\ne.g. by adding a fragment identifier or sub-path to the problem type.\nMay be used to locate the root of this problem in the source code."
   }
  },
  "title": "Problem"
 },
 "DeviceCreationResponse": {
  "type": "object",
  "allOf": [
   {
    "$ref": "#/components/schemas/Device"
   },
   {
    "type": "object",
    "description": "Embedded items for the device",
    "properties": {
     "_embedded": {
      "type": "object",
      "properties": {
       "bindings": {
        "type": "array",
        "description": "Bindings that were provisioned together with the device",
        "items": {
         "$ref": "#/components/schemas/BindingCreationResponse"
        }
       }
      }
     }
    }
   }
  ],
  "description": "Device with optional embedded entities",
  "title": "DeviceCreationResponse"
 },
 "BindingCreationResponse": {
  "type": "object",
  "description": "A provisioned binding of a device to one of the Things Platform connectors",
  "discriminator": {
   "propertyName": "type",
   "mapping": {
    "lora": "#/components/schemas/LoraBindingCreationResponse"
   }
  },
  "oneOf": [
   {
    "$ref": "#/components/schemas/LoraBindingCreationResponse"
   }
  ],
  "properties": {
   "id": {
    "type": "string",
    "format": "uuid",
    "description": "The id of the binding.",
    "readOnly": true
   },
   "type": {
    "type": "string",
    "description": "The type of provisioned binding. Known values are: lora"
   },
   "deviceId": {
    "$ref": "#/components/schemas/DeviceId",
    "description": "The id of the device that is bound to the connector by the binding."
   },
   "createdAt": {
    "type": "string",
    "format": "date-time",
    "description": "The timestamp when the binding is created in the system.",
    "readOnly": true
   },
   "createdBy": {
    "type": "string",
    "description": "The user who created the binding.",
    "readOnly": true
   },
   "modifiedAt": {
    "type": "string",
    "format": "date-time",
    "description": "The timestamp when the binding is last modified in the system.",
    "readOnly": true
   },
   "modifiedBy": {
    "type": "string",
    "description": "The user who last modified the binding.",
    "readOnly": true
   }
  },
  "required": [
   "deviceId",
   "type"
  ],
  "title": "BindingCreationResponse"
 },
 "LoraBindingCreationResponse": {
  "type": "object",
  "allOf": [
   {
    "$ref": "#/components/schemas/LoraBinding"
   },
   {
    "type": "object",
    "description": "LoRa binding creation response",
    "properties": {
     "type": {
      "type": "string",
      "default": "lora",
      "description": "The type of binding. Must be lora for LoraBinding"
     },
     "_embedded": {
      "type": "object",
      "properties": {
       "credentials": {
        "type": "object",
        "properties": {
         "appKey": {
          "type": "string",
          "description": "The encryption key used for messages during every over the air activation.",
          "pattern": "^[0-9a-fA-F]{32}\\Z"
         }
        }
       }
      }
     }
    },
    "required": [
     "type"
    ]
   }
  ],
  "description": "LoraBinding with generated credentials",
  "title": "LoraBindingWithGeneratedCredentials"
 },
 "LoraBinding": {
  "type": "object",
  "description": "A binding of a device to the LoRa connector.",
  "properties": {
   "id": {
    "type": "string",
    "format": "uuid",
    "description": "The id of the binding.",
    "readOnly": true
   },
   "type": {
    "type": "string",
    "description": "The type of binding; must be 'lora' for LoraBinding."
   },
   "deviceId": {
    "$ref": "#/components/schemas/DeviceId",
    "description": "The id of the device that is bound to the LoRa connector by the binding."
   },
   "createdAt": {
    "type": "string",
    "format": "date-time",
    "description": "The timestamp when the binding is created in the system.",
    "readOnly": true
   },
   "createdBy": {
    "type": "string",
    "description": "The user who created the binding.",
    "readOnly": true
   },
   "modifiedAt": {
    "type": "string",
    "format": "date-time",
    "description": "The timestamp when the binding is last modified in the system.",
    "readOnly": true
   },
   "modifiedBy": {
    "type": "string",
    "description": "The user who last modified the binding.",
    "readOnly": true
   },
   "appEui": {
    "type": "string",
    "description": "A globally unique identifier of the target application server. Must be a hex value with size 16 (8 bytes)",
    "pattern": "^[0-9a-fA-F]{16}\\Z"
   },
   "appKey": {
    "type": "string",
    "description": "The encryption key used for messages during every over the air activation.",
    "pattern": "^[0-9a-fA-F]{32}\\Z",
    "writeOnly": true
   },
   "connectivityPlan": {
    "$ref": "#/components/schemas/LoraConnectivityPlan"
   },
   "deviceProfile": {
    "$ref": "#/components/schemas/LoraDeviceProfile"
   },
   "status": {
    "$ref": "#/components/schemas/LoraBindingStatus"
   }
  },
  "required": [
   "appEui",
   "connectivityPlan",
   "deviceId",
   "deviceProfile",
   "status"
  ],
  "title": "LoraBinding"
 },
 "DeviceId": {
  "type": "string",
  "format": "device-id",
  "description": "A device identifier in one of several supported formats.",
  "oneOf": [
   {
    "$ref": "#/components/schemas/DeviceId-uuid"
   },
   {
    "$ref": "#/components/schemas/DeviceId-imei"
   },
   {
    "$ref": "#/components/schemas/DeviceId-deveui"
   },
   {
    "$ref": "#/components/schemas/DeviceId-dvnuuid"
   },
   {
    "$ref": "#/components/schemas/DeviceUrn-imei"
   },
   {
    "$ref": "#/components/schemas/DeviceUrn-deveui"
   },
   {
    "$ref": "#/components/schemas/DeviceUrn-dvnuuid"
   }
  ],
  "title": "DeviceId"
 },
 "DeviceId-uuid": {
  "type": "string",
  "format": "uuid",
  "description": "Things Device UUID",
  "title": "UuidDeviceId"
 },
 "DeviceId-imei": {
  "type": "string",
  "description": "IMEI-based device ID",
  "pattern": "^[iI][mM][eE][iI]:[0-9]{15,16}\\Z",
  "title": "ImeiDeviceId"
 },
 "DeviceId-deveui": {
  "type": "string",
  "description": "LoRaWAN DevEUI device ID",
  "pattern": "^[dD][eE][vV][eE][uU][iI]:[a-f0-9A-F]{16}\\Z",
  "title": "DevEuiDeviceId"
 },
 "DeviceId-dvnuuid": {
  "type": "string",
  "description": "DVNUUID-based device ID",
  "pattern": "^[dD][vV][nN][uU][uU][iI][dD]:[a-f0-9A-F]{8}(-[a-f0-9A-F]{4}){3}-[a-f0-9A-F]{12}?\\Z",
  "title": "DvnUuidDeviceId"
 },
 "DeviceUrn-imei": {
  "type": "string",
  "description": "IMEI-based device URN",
  "pattern": "^[uU][rR][nN]:[dD][eE][vV]:[iI][mM][eE][iI]:[0-9]{15,16}:?\\Z",
  "title": "ImeiDeviceUrn"
 },
 "DeviceUrn-deveui": {
  "type": "string",
  "description": "LoRaWAN DevEUI device URN",
  "pattern": "^[uU][rR][nN]:[dD][eE][vV]:[dD][eE][vV][eE][uU][iI]:[a-f0-9A-F]{16}:?\\Z",
  "title": "DevEuiDeviceUrn"
 },
 "DeviceUrn-dvnuuid": {
  "type": "string",
  "description": "DVNUUID-based device URN",
  "pattern": "^[uU][rR][nN]:[dD][eE][vV]:[dD][vV][nN][uU][uU][iI][dD]:[a-f0-9A-F]{8}(-[a-f0-9A-F]{4}){3}-[a-f0-9A-F]{12}:?\\Z",
  "title": "DvnUuidDeviceUrn"
 },
 "LoraConnectivityPlan": {
  "type": "object",
  "description": "Plan that contains the specifications of the LoRa connectivity for a device.",
  "properties": {
   "id": {
    "type": "string",
    "default": "kpn-cs/kpn-things-channel-mask-tdoa",
    "description": "The id of the LoRa connectivity plan."
   },
   "name": {
    "type": "string",
    "description": "Human readable name of the LoRa connectivity plan.",
    "readOnly": true
   }
  },
  "required": [
   "id"
  ],
  "title": "LoraConnectivityPlan"
 },
 "LoraDeviceProfile": {
  "type": "object",
  "description": "Profile that contains the specifications of the device class and the movement speed of a LoRa device.",
  "properties": {
   "id": {
    "type": "string",
    "default": "Slow moving V 1.0 Class A",
    "description": "Identifier of the LoRa device profile."
   },
   "name": {
    "type": "string",
    "description": "Human readable name of the LoRa device profile.",
    "readOnly": true
   }
  },
  "required": [
   "id"
  ],
  "title": "LoraDeviceProfile"
 },
 "LoraBindingStatus": {
  "type": "string",
  "description": "The status of a LoRa binding. Known values include: INVENTORY and ACTIVE",
  "title": "LoraBindingStatus"
 },
 "DeviceInDeviceGroupProblem": {
  "type": "object",
  "allOf": [
   {
    "$ref": "#/components/schemas/Problem"
   }
  ],
  "description": "The device is still in a device group"
 },
 "ActivatedNetworkExistsProblem": {
  "type": "object",
  "allOf": [
   {
    "$ref": "#/components/schemas/Problem"
   }
  ],
  "description": "An activated network still exists for this device"
 },
 "PageOfDeviceDeviceGroupLinks": {
  "type": "object",
  "allOf": [
   {
    "$ref": "#/components/schemas/Page"
   },
   {
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/DeviceDeviceGroupLinkResponse"
      }
     }
    }
   }
  ],
  "description": "A paginated list of device to device group links",
  "title": "PageOfDeviceDeviceGroupLinks"
 },
 "DeviceDeviceGroupLinkResponse": {
  "type": "object",
  "allOf": [
   {
    "$ref": "#/components/schemas/DeviceDeviceGroupLink"
   },
   {
    "type": "object",
    "description": "Embedded items for the device - device group link",
    "properties": {
     "_embedded": {
      "type": "object",
      "properties": {
       "deviceGroup": {
        "$ref": "#/components/schemas/DeviceGroup"
       },
       "device": {
        "$ref": "#/components/schemas/Device"
       }
      }
     }
    }
   }
  ],
  "description": "DeviceDeviceGroupLink with optional embedded entities",
  "title": "DeviceDeviceGroupLinkResponse"
 },
 "DeviceDeviceGroupLink": {
  "type": "object",
  "description": "A link between a device and device group.",
  "properties": {
   "deviceGroupId": {
    "type": "string",
    "format": "uuid",
    "description": "The identifier of the device group."
   },
   "deviceId": {
    "type": "string",
    "format": "uuid",
    "description": "The identifier of the device.",
    "readOnly": true
   },
   "createdAt": {
    "type": "string",
    "format": "date-time",
    "description": "The timestamp when the device link was created in the system.",
    "readOnly": true
   },
   "createdBy": {
    "type": "string",
    "description": "The user who created the device link.",
    "readOnly": true
   }
  },
  "title": "DeviceDeviceGroupLink"
 },
 "DeviceGroup": {
  "type": "object",
  "description": "A group of devices.",
  "properties": {
   "id": {
    "type": "string",
    "format": "uuid",
    "description": "The unique identifier of the device group.",
    "readOnly": true
   },
   "name": {
    "type": "string",
    "description": "The name of the device group.",
    "maxLength": 255,
    "minLength": 1
   },
   "description": {
    "type": "string",
    "description": "A description of the device group.",
    "maxLength": 255
   },
   "projectId": {
    "type": "string",
    "format": "uuid",
    "description": "The project identifier to which this device group belongs."
   },
   "createdAt": {
    "type": "string",
    "format": "date-time",
    "description": "The timestamp when the device group is created in the system.",
    "readOnly": true
   },
   "createdBy": {
    "type": "string",
    "description": "The user who created the device group.",
    "readOnly": true
   },
   "modifiedAt": {
    "type": "string",
    "format": "date-time",
    "description": "The timestamp when the device group is last modified in the system.",
    "readOnly": true
   },
   "modifiedBy": {
    "type": "string",
    "description": "The user who last modified the device group.",
    "readOnly": true
   }
  },
  "required": [
   "name",
   "projectId"
  ],
  "title": "DeviceGroup"
 },
 "ListOfNetworkAdapters": {
  "type": "object",
  "description": "A list of network adapters",
  "properties": {
   "items": {
    "type": "array",
    "items": {
     "$ref": "#/components/schemas/NetworkAdapter"
    }
   }
  },
  "required": [
   "items"
  ],
  "title": "ListOfNetworkAdapters"
 },
 "PageOfLoraBindings": {
  "type": "object",
  "allOf": [
   {
    "$ref": "#/components/schemas/Page"
   },
   {
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/LoraBinding"
      }
     }
    }
   }
  ],
  "description": "A paginated list of LoRa bindings",
  "title": "PageOfLoraBindings"
 },
 "PageOfHttpBindings": {
  "type": "object",
  "allOf": [
   {
    "$ref": "#/components/schemas/Page"
   },
   {
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/HttpBinding"
      }
     }
    }
   }
  ],
  "description": "A paginated list of HTTP bindings",
  "title": "PageOfHttpBindings"
 },
 "HttpBinding": {
  "type": "object",
  "description": "A binding of a device to the HTTP connector, which configures that the device can connect to the Things Platform using HTTP",
  "discriminator": {
   "propertyName": "type",
   "mapping": {
    "http-streamline": "#/components/schemas/HttpStreamlineBinding",
    "http-senml": "#/components/schemas/HttpSenmlBinding"
   }
  },
  "oneOf": [
   {
    "$ref": "#/components/schemas/HttpStreamlineBinding"
   },
   {
    "$ref": "#/components/schemas/HttpSenmlBinding"
   }
  ],
  "properties": {
   "id": {
    "type": "string",
    "format": "uuid",
    "description": "The id of the binding.",
    "readOnly": true
   },
   "type": {
    "type": "string",
    "description": "The type of HTTP binding. Known values are: http-streamline and http-senml"
   },
   "deviceId": {
    "$ref": "#/components/schemas/DeviceId",
    "description": "The id of the device that is bound to the HTTP connector by the binding."
   },
   "createdAt": {
    "type": "string",
    "format": "date-time",
    "description": "The timestamp when the binding is created in the system.",
    "readOnly": true
   },
   "createdBy": {
    "type": "string",
    "description": "The user who created the binding.",
    "readOnly": true
   },
   "modifiedAt": {
    "type": "string",
    "format": "date-time",
    "description": "The timestamp when the binding is last modified in the system.",
    "readOnly": true
   },
   "modifiedBy": {
    "type": "string",
    "description": "The user who last modified the binding.",
    "readOnly": true
   }
  },
  "required": [
   "deviceId",
   "type"
  ],
  "title": "HttpBinding"
 },
 "HttpStreamlineBinding": {
  "type": "object",
  "description": "A binding of a device to the HTTP connector using the streamline HTTP endpoint and message format.",
  "properties": {
   "id": {
    "type": "string",
    "format": "uuid",
    "description": "The id of the binding.",
    "readOnly": true
   },
   "type": {
    "type": "string",
    "description": "The type of binding; must be 'http-streamline' for HttpStreamlineBinding."
   },
   "deviceId": {
    "$ref": "#/components/schemas/DeviceId",
    "description": "The id of the device that is bound to the HTTP connector by the binding."
   },
   "createdAt": {
    "type": "string",
    "format": "date-time",
    "description": "The timestamp when the binding is created in the system.",
    "readOnly": true
   },
   "createdBy": {
    "type": "string",
    "description": "The user who created the binding.",
    "readOnly": true
   },
   "modifiedAt": {
    "type": "string",
    "format": "date-time",
    "description": "The timestamp when the binding is last modified in the system.",
    "readOnly": true
   },
   "modifiedBy": {
    "type": "string",
    "description": "The user who last modified the binding.",
    "readOnly": true
   }
  },
  "required": [
   "deviceId",
   "type"
  ],
  "title": "HttpStreamlineBinding"
 },
 "HttpSenmlBinding": {
  "type": "object",
  "description": "A binding of a device to the HTTP connector using the SenML HTTP endpoint and message format.",
  "properties": {
   "id": {
    "type": "string",
    "format": "uuid",
    "description": "The id of the binding.",
    "readOnly": true
   },
   "type": {
    "type": "string",
    "description": "The type of binding; must be 'http-senml' for HttpSenmlBinding."
   },
   "deviceId": {
    "$ref": "#/components/schemas/DeviceId",
    "description": "The id of the device that is bound to the HTTP connector by the binding."
   },
   "createdAt": {
    "type": "string",
    "format": "date-time",
    "description": "The timestamp when the binding is created in the system.",
    "readOnly": true
   },
   "createdBy": {
    "type": "string",
    "description": "The user who created the binding.",
    "readOnly": true
   },
   "modifiedAt": {
    "type": "string",
    "format": "date-time",
    "description": "The timestamp when the binding is last modified in the system.",
    "readOnly": true
   },
   "modifiedBy": {
    "type": "string",
    "description": "The user who last modified the binding.",
    "readOnly": true
   },
   "sharedSecret": {
    "type": "string",
    "description": "The shared secret that the device will use to generate a Things-Message-Token signatures for SenML uplinks.",
    "writeOnly": true
   }
  },
  "required": [
   "deviceId",
   "type"
  ],
  "title": "HttpSenmlBinding"
 },
 "PageOfMqttBindings": {
  "type": "object",
  "allOf": [
   {
    "$ref": "#/components/schemas/Page"
   },
   {
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/MqttBinding"
      }
     }
    }
   }
  ],
  "description": "A paginated list of MQTT bindings",
  "title": "PageOfMqttBindings"
 },
 "MqttBinding": {
  "type": "object",
  "description": "A binding of a device to the MQTT connector.",
  "properties": {
   "id": {
    "type": "string",
    "format": "uuid",
    "description": "The id of the binding.",
    "readOnly": true
   },
   "deviceId": {
    "$ref": "#/components/schemas/DeviceId",
    "description": "The id of the device that is bound to the MQTT connector by the binding."
   },
   "createdAt": {
    "type": "string",
    "format": "date-time",
    "description": "The timestamp when the binding is created in the system.",
    "readOnly": true
   },
   "createdBy": {
    "type": "string",
    "description": "The user who created the binding.",
    "readOnly": true
   },
   "modifiedAt": {
    "type": "string",
    "format": "date-time",
    "description": "The timestamp when the binding is last modified in the system.",
    "readOnly": true
   },
   "modifiedBy": {
    "type": "string",
    "description": "The user who last modified the binding.",
    "readOnly": true
   },
   "username": {
    "type": "string",
    "description": "The username the device uses when authenticating with the MQTT connector. This value is set to the device URN by the system when the binding is created.",
    "readOnly": true
   },
   "password": {
    "type": "string",
    "description": "The password the device uses when authenticating with the MQTT connector. Must be at least 24 characters, with at least one lower case letter, upper case letter, number and special character.",
    "minLength": 24,
    "writeOnly": true
   }
  },
  "required": [
   "deviceId"
  ],
  "title": "MqttBinding"
 }
}
""")
"""The component schemas, patterns already translated to Python with ECMA-262 semantics."""

_validator = Validator(SCHEMAS)


def validate(schema_name: str, instance: object, *, direction: Direction | None = None) -> None:
    """Raise ValidationError listing every way ``instance`` breaks the schema ``schema_name``.

    ``direction="request"`` does not require readOnly properties (the server
    sets them); ``"response"`` does not require writeOnly ones.
    """
    _validator.validate(schema_name, instance, direction)


def is_valid(schema_name: str, instance: object, *, direction: Direction | None = None) -> bool:
    """Whether ``instance`` fits the schema ``schema_name``: it stops at the first violation
    (``validate`` lists them all)."""
    if schema_name not in SCHEMAS:
        raise KeyError(f"no schema named {schema_name!r}")
    try:
        return _validator.is_valid(schema_name, instance, direction)
    except RecursionError:
        return False


def validate_non_blank_string(value: object) -> str:
    """Return ``value`` if it is a valid NonBlankString, else raise ValidationError."""
    if not isinstance(value, str):
        raise ValidationError("expected a string")
    _validator.validate("NonBlankString", value)
    return value


def validate_device_id(value: object) -> str:
    """Return ``value`` if it is a valid DeviceId, else raise ValidationError."""
    if not isinstance(value, str):
        raise ValidationError("expected a string")
    _validator.validate("DeviceId", value)
    return value


def validate_device_id_uuid(value: object) -> str:
    """Return ``value`` if it is a valid DeviceId-uuid, else raise ValidationError."""
    if not isinstance(value, str):
        raise ValidationError("expected a string")
    _validator.validate("DeviceId-uuid", value)
    return value


def validate_device_id_imei(value: object) -> str:
    """Return ``value`` if it is a valid DeviceId-imei, else raise ValidationError."""
    if not isinstance(value, str):
        raise ValidationError("expected a string")
    _validator.validate("DeviceId-imei", value)
    return value


def validate_device_id_deveui(value: object) -> str:
    """Return ``value`` if it is a valid DeviceId-deveui, else raise ValidationError."""
    if not isinstance(value, str):
        raise ValidationError("expected a string")
    _validator.validate("DeviceId-deveui", value)
    return value


def validate_device_id_dvnuuid(value: object) -> str:
    """Return ``value`` if it is a valid DeviceId-dvnuuid, else raise ValidationError."""
    if not isinstance(value, str):
        raise ValidationError("expected a string")
    _validator.validate("DeviceId-dvnuuid", value)
    return value


def validate_device_urn_imei(value: object) -> str:
    """Return ``value`` if it is a valid DeviceUrn-imei, else raise ValidationError."""
    if not isinstance(value, str):
        raise ValidationError("expected a string")
    _validator.validate("DeviceUrn-imei", value)
    return value


def validate_device_urn_deveui(value: object) -> str:
    """Return ``value`` if it is a valid DeviceUrn-deveui, else raise ValidationError."""
    if not isinstance(value, str):
        raise ValidationError("expected a string")
    _validator.validate("DeviceUrn-deveui", value)
    return value


def validate_device_urn_dvnuuid(value: object) -> str:
    """Return ``value`` if it is a valid DeviceUrn-dvnuuid, else raise ValidationError."""
    if not isinstance(value, str):
        raise ValidationError("expected a string")
    _validator.validate("DeviceUrn-dvnuuid", value)
    return value
